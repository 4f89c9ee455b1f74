import type { Command } from 'commander';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { check } from '../../pipeline/check.js';
import { formatProfile } from '../format/profile-text.js';
import type { CliIo } from '../io.js';
import { checkOutputs } from './command-outputs.js';
import { configOption, jsonOption, jsonOutOption, todayOption } from './shared-options.js';

export function checkCommand(program: Command, io: CliIo): void {
  program
    .command('check')
    .description('load and validate the data a config names, and print its data-quality profile')
    .addOption(configOption())
    .addOption(jsonOption('the profile'))
    .addOption(jsonOutOption('the profile'))
    .addOption(todayOption())
    .action(async (options: { config: string; json?: boolean; out?: string; today?: string }) => {
      await checkOutputs([{ flag: '--out', path: options.out }], [], options.config);
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
