import type { Command } from 'commander';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { verify } from '../../pipeline/verify/verify.js';
import { formatVerify } from '../format/verify-text.js';
import type { CliIo } from '../io.js';
import { checkOutputs, flagInput, icpInput } from './command-outputs.js';
import { configOption, jsonOption, jsonOutOption, todayOption } from './shared-options.js';

export function verifyCommand(program: Command, io: CliIo): void {
  program
    .command('verify')
    .description(
      'measure a hand-written ICP (criteria in a small YAML) against the data: coverage, precision, recall, lift, what each criterion does; beside the discovered ICP with --against',
    )
    .addOption(configOption())
    .requiredOption('--icp <file>', 'the hand-written ICP: a YAML with name and criteria')
    .option(
      '--against <file>',
      'an icp.json from "icp discover" to compare with, or an id in the registry',
    )
    .option(
      '--registry <dir>',
      'the ICP versions folder, for an id (default: $ICP_REGISTRY, else icp-versions/ next to the config)',
    )
    .addOption(jsonOption('the result'))
    .addOption(jsonOutOption('the result'))
    .addOption(todayOption())
    .action(
      async (flags: {
        config: string;
        icp: string;
        against?: string;
        registry?: string;
        json?: boolean;
        out?: string;
        today?: string;
      }) => {
        await checkOutputs(
          [{ flag: '--out', path: flags.out }],
          [
            flagInput('--icp', flags.icp),
            flags.against === undefined
              ? undefined
              : await icpInput('--against', flags.against, registryDir(flags)),
          ],
          flags.config,
        );
        const against = flags.against
          ? (await resolveIcp(flags.against, registryDir(flags))).path
          : undefined;
        const result = await verify(flags.config, flags.icp, {
          ...(against ? { against } : {}),
          ...(flags.today ? { today: flags.today } : {}),
        });
        const json = `${JSON.stringify(result, null, 2)}\n`;
        if (flags.out) await writeFileAtomic(flags.out, json);
        io.stdout(flags.json ? json : formatVerify(result));
      },
    );
}
