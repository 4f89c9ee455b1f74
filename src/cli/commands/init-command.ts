import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { IcpError } from '../../core/errors/icp-error.js';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { initConfig } from '../../pipeline/init.js';
import type { CliIo } from '../io.js';

export function initCommand(program: Command, io: CliIo): void {
  program
    .command('init')
    .description(
      'write a starter icp.config.yaml from the data files in a folder, saying what it guessed',
    )
    .argument('<dir>', 'folder holding the exports')
    .option('--force', 'overwrite an existing icp.config.yaml')
    .action(async (dir: string, options: { force?: boolean }) => {
      const target = join(dir, 'icp.config.yaml');
      if (existsSync(target) && !options.force) {
        throw new IcpError('USAGE', `${target} already exists. Pass --force to overwrite it.`);
      }
      const result = await initConfig(dir);
      await writeFileAtomic(target, result.yaml);
      io.stdout(
        `${result.notes.map((n) => `- ${n}`).join('\n')}\nWrote ${target}. Review it, then run: icp check --config ${target}\n`,
      );
    });
}
