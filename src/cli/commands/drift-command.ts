import type { Command } from 'commander';
import type { Every } from '../../core/time/periods.js';
import { registryDir } from '../../data/icp/registry.js';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { drift } from '../../pipeline/drift/drift.js';
import { formatDrift } from '../format/drift-text.js';
import type { CliIo } from '../io.js';
import { checkOutputs, icpInput } from './command-outputs.js';
import { dateOption } from './parse-options.js';
import {
  choiceOption,
  configOption,
  jsonOption,
  jsonOutOption,
  PERIODS,
  todayOption,
} from './shared-options.js';

export function driftCommand(program: Command, io: CliIo): void {
  program
    .command('drift')
    .description(
      'is the ICP still true? population shifts, tier performance and emerging or fading segments per window, and a verdict: stable, watch or refresh',
    )
    .addOption(configOption())
    .requiredOption('--icp <file>', 'the icp.json to check, or an id in the registry')
    .addOption(
      choiceOption('--window <period>', 'the length of each window', PERIODS).default('quarter'),
    )
    .option(
      '--since <date>',
      'the first window (default: the last 8 windows)',
      dateOption('--since'),
    )
    .option('--registry <dir>', 'the ICP versions folder, for an id')
    .addOption(jsonOption('the result'))
    .addOption(jsonOutOption('the result'))
    .addOption(todayOption())
    .action(
      async (flags: {
        config: string;
        icp: string;
        window: Every;
        since?: string;
        registry?: string;
        json?: boolean;
        out?: string;
        today?: string;
      }) => {
        await checkOutputs(
          [{ flag: '--out', path: flags.out }],
          [await icpInput('--icp', flags.icp, registryDir(flags))],
          flags.config,
        );
        const result = await drift(flags.config, flags.icp, {
          window: flags.window,
          ...(flags.since ? { since: flags.since } : {}),
          ...(flags.registry ? { registry: flags.registry } : {}),
          ...(flags.today ? { today: flags.today } : {}),
        });
        const json = `${JSON.stringify(result, null, 2)}\n`;
        if (flags.out) await writeFileAtomic(flags.out, json);
        io.stdout(flags.json ? json : formatDrift(result));
      },
    );
}
