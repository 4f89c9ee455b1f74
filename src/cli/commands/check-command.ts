import type { Command } from 'commander';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { check } from '../../pipeline/check.js';
import { formatProfile } from '../format/profile-text.js';
import type { CliIo } from '../io.js';

export function checkCommand(program: Command, io: CliIo): void {
  program
    .command('check')
    .description('load and validate the data a config names, and print its data-quality profile')
    .requiredOption('-c, --config <file>', 'the icp.config.yaml to load')
    .option('--json', 'print the profile as JSON')
    .option('-o, --out <file>', 'also write the profile as JSON to this file')
    .option('--today <date>', 'the date far-future dates are checked against (YYYY-MM-DD)')
    .action(async (options: { config: string; json?: boolean; out?: string; today?: string }) => {
      const profile = await check(options.config, {
        ...(options.today ? { today: options.today } : {}),
        onProgress: (m) => {
          if (io.isTTY) io.stderr(`${m}\n`);
        },
      });
      const json = `${JSON.stringify(profile, null, 2)}\n`;
      if (options.out) await writeFileAtomic(options.out, json);
      io.stdout(options.json ? json : formatProfile(profile));
    });
}
