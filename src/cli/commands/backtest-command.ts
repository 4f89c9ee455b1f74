import type { Command } from 'commander';
import { IcpError } from '../../core/errors/icp-error.js';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { backtest, type Every } from '../../pipeline/backtest/backtest.js';
import { formatBacktest } from '../format/backtest-text.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';

const EVERY = ['month', 'quarter', 'year'] as const;
const TARGETS = ['ideal', 'won', 'retained'] as const;

export function backtestCommand(program: Command, io: CliIo): void {
  program
    .command('backtest')
    .description(
      'discover the ICP on what was known before a date and score what came after, with the outcomes that followed; --every repeats it each period',
    )
    .requiredOption('-c, --config <file>', 'the icp.config.yaml to load')
    .option('--as-of <date>', 'one backtest: discovery before this date (YYYY-MM-DD)')
    .option('--every <period>', 'month, quarter or year: one backtest per period')
    .option(
      '--since <date>',
      'with --every: the first date (default: a year after the first record)',
    )
    .option('--target <kind>', "ideal, won or retained (default: the config's)")
    .option('--json', 'print the result as JSON')
    .option('-o, --out <file>', 'also write the result as JSON to this file')
    .option('--today <date>', 'the date far-future dates are checked against (YYYY-MM-DD)')
    .action(
      async (flags: {
        config: string;
        asOf?: string;
        every?: string;
        since?: string;
        target?: string;
        json?: boolean;
        out?: string;
        today?: string;
      }) => {
        if (flags.every && !EVERY.includes(flags.every as Every))
          throw new IcpError('USAGE', `--every ${flags.every}: use month, quarter or year.`);
        if (flags.target && !TARGETS.includes(flags.target as (typeof TARGETS)[number]))
          throw new IcpError('USAGE', `--target ${flags.target}: use ideal, won or retained.`);
        const progress = createProgress(io, 'backtest');
        try {
          const result = await backtest(flags.config, {
            ...(flags.asOf ? { asOf: flags.asOf } : {}),
            ...(flags.every ? { every: flags.every as Every } : {}),
            ...(flags.since ? { since: flags.since } : {}),
            ...(flags.target ? { target: flags.target as (typeof TARGETS)[number] } : {}),
            ...(flags.today ? { today: flags.today } : {}),
            onProgress: (done, total) => progress.update(done, total),
          });
          progress.stop();
          const json = `${JSON.stringify(result, null, 2)}\n`;
          if (flags.out) await writeFileAtomic(flags.out, json);
          io.stdout(flags.json ? json : formatBacktest(result));
        } finally {
          progress.stop();
        }
      },
    );
}
