import type { Command } from 'commander';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { verify } from '../../pipeline/verify/verify.js';
import { formatVerify } from '../format/verify-text.js';
import type { CliIo } from '../io.js';
import { checkOutputs, flagInput } from './command-outputs.js';
import { configOption, jsonOption, jsonOutOption, todayOption } from './shared-options.js';

export function verifyCommand(program: Command, io: CliIo): void {
  program
    .command('verify')
    .description(
      'measure a hand-written ICP (criteria in a small YAML) against the data: coverage, precision, recall, lift, what each criterion does; beside the discovered ICP with --against',
    )
    .addOption(configOption())
    .requiredOption('--icp <file>', 'the hand-written ICP: a YAML with name and criteria')
    .option('--against <file>', 'an icp.json from "icp discover" to compare with')
    .addOption(jsonOption('the result'))
    .addOption(jsonOutOption('the result'))
    .addOption(todayOption())
    .action(
      async (flags: {
        config: string;
        icp: string;
        against?: string;
        json?: boolean;
        out?: string;
        today?: string;
      }) => {
        await checkOutputs(
          [{ flag: '--out', path: flags.out }],
          [flagInput('--icp', flags.icp), flagInput('--against', flags.against)],
          flags.config,
        );
        const result = await verify(flags.config, flags.icp, {
          ...(flags.against ? { against: flags.against } : {}),
          ...(flags.today ? { today: flags.today } : {}),
        });
        const json = `${JSON.stringify(result, null, 2)}\n`;
        if (flags.out) await writeFileAtomic(flags.out, json);
        io.stdout(flags.json ? json : formatVerify(result));
      },
    );
}
