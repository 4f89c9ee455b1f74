import type { Command } from 'commander';
import { formatCount } from '../../core/issues/data-issue.js';
import { generateWorld } from '../../sample/generate-world.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { intOption } from './parse-options.js';

export function generateCommand(program: Command, io: CliIo): void {
  program
    .command('generate')
    .description(
      "write a realistic synthetic B2B SaaS company's exports and a ready icp.config.yaml",
    )
    .option(
      '-n, --accounts <n>',
      'number of accounts',
      intOption('--accounts', 1, 100_000_000),
      5000,
    )
    .option(
      '-s, --seed <n>',
      'random seed: the same seed gives byte-identical files',
      intOption('--seed', 0, 2 ** 32 - 1),
      1,
    )
    .requiredOption('-o, --out <dir>', 'folder to write into (created if missing)')
    .option(
      '--no-drift',
      'do not plant the segment that starts performing in the last four quarters',
    )
    .option(
      '--no-themes',
      'write text without planted themes: every account writes from the same pools (docs/voc.md)',
    )
    .action(
      async (options: {
        accounts: number;
        seed: number;
        out: string;
        drift: boolean;
        themes: boolean;
      }) => {
        const progress = createProgress(io, 'generating');
        try {
          const summary = await generateWorld({
            accounts: options.accounts,
            seed: options.seed,
            out: options.out,
            drift: options.drift,
            themes: options.themes,
            onProgress: (done, total) => progress.update(done, total),
          });
          progress.stop();
          const lines = summary.files.map(
            (f) => `  ${f.name.padEnd(18)} ${formatCount(f.rows).padStart(12)} rows`,
          );
          io.stdout(
            `Wrote a sample world of ${formatCount(summary.accounts)} accounts (seed ${summary.seed}) to ${summary.out}:\n${lines.join('\n')}\n`,
          );
        } finally {
          progress.stop();
        }
      },
    );
}
