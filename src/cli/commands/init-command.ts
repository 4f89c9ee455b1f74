import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { IcpError } from '../../core/errors/icp-error.js';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { isDataFile } from '../../data/source/read-raw.js';
import { initConfig } from '../../pipeline/init.js';
import type { CliIo } from '../io.js';
import { checkOutputs } from './command-outputs.js';

export function initCommand(program: Command, io: CliIo): void {
  program
    .command('init')
    .description(
      'write a starter icp.config.yaml from the data files in a folder, saying what it guessed',
    )
    .argument('<dir>', 'folder holding the exports')
    .option(
      '--out <file>',
      'where to write the config (default DIR/icp.config.yaml); its paths are relative to it',
    )
    .option('--force', 'overwrite an existing config file')
    .action(async (dir: string, options: { out?: string; force?: boolean }) => {
      const target = options.out ?? join(dir, 'icp.config.yaml');
      if (existsSync(target) && !options.force) {
        throw new IcpError('USAGE', `${target} already exists. Pass --force to overwrite it.`);
      }
      // init reads every data file in the folder: the config it writes must be none of them.
      const read = await readdir(dir, { withFileTypes: true }).catch(() => []);
      const inputs = read
        .filter((e) => e.isFile() && !e.name.startsWith('.') && isDataFile(e.name))
        .map((e) => ({ path: join(dir, e.name), role: `a data file "icp init" reads in ${dir}` }));
      const result = await initConfig(dir, { configFile: target });
      await checkOutputs(
        [
          {
            flag: options.out === undefined ? '' : '--out',
            path: target,
            fix:
              options.out === undefined ? 'rename or remove that link first' : 'pass another --out',
          },
        ],
        inputs,
      );
      await writeFileAtomic(target, result.yaml);
      io.stdout(
        `${result.notes.map((n) => `- ${n}`).join('\n')}\nWrote ${target}. Review it, then run: icp check --config ${target}\n`,
      );
    });
}
