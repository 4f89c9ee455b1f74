import type { Command } from 'commander';
import { demo } from '../../pipeline/demo.js';
import { formatAudit } from '../format/audit-text.js';
import { formatIcp } from '../format/icp-text.js';
import { formatProfile } from '../format/profile-text.js';
import type { CliIo } from '../io.js';
import { intOption } from './parse-options.js';

export function demoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description(
      'run the main job on a generated sample world and write everything under one folder',
    )
    .option('-o, --out <dir>', 'folder for all outputs', 'demo-output')
    .option(
      '-n, --accounts <n>',
      'accounts in the sample world',
      intOption('--accounts', 100, 1_000_000),
      5000,
    )
    .option('-s, --seed <n>', 'random seed', intOption('--seed', 0, 2 ** 32 - 1), 1)
    .action(async (options: { out: string; accounts: number; seed: number }) => {
      const result = await demo({ ...options, onProgress: (m) => io.stderr(`${m}...\n`) });
      io.stdout(formatProfile(result.profile));
      io.stdout(`\nThe ICP of the sample world\n\n${formatIcp(result.icp)}`);
      io.stdout(`\nThe business against it\n\n${formatAudit(result.audit)}`);
      io.stdout(`\nDemo outputs are in ${result.out}: ${result.outputs.join(', ')}\n`);
      io.stdout(`The report: ${result.report} (open it in a browser)\n`);
    });
}
