import type { Command } from 'commander';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { backtest, type Every } from '../../pipeline/backtest/backtest.js';
import { formatBacktest } from '../format/backtest-text.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { checkOutputs } from './command-outputs.js';
import { dateOption } from './parse-options.js';
import {
  choiceOption,
  configOption,
  jsonOption,
  jsonOutOption,
  PERIODS,
  todayOption,
} from './shared-options.js';

const TARGETS = ['ideal', 'won', 'retained'] as const;

export function backtestCommand(program: Command, io: CliIo): void {
  program
    .command('backtest')
    .description(
      'discover the ICP on what was known before a date and score what came after, with the outcomes that followed; --every repeats it each period',
    )
    .addOption(configOption())
    .option(
      '--as-of <date>',
      'one backtest: discovery before this date (YYYY-MM-DD)',
      dateOption('--as-of'),
    )
    .addOption(choiceOption('--every <period>', 'one backtest per period', PERIODS))
    .option(
      '--since <date>',
      'with --every: the first date (default: a year after the first record)',
      dateOption('--since'),
    )
    .addOption(choiceOption('--target <kind>', "the target (default: the config's)", TARGETS))
    .addOption(jsonOption('the result'))
    .addOption(jsonOutOption('the result'))
    .addOption(todayOption())
    .action(
      async (flags: {
        config: string;
        asOf?: string;
        every?: Every;
        since?: string;
        target?: (typeof TARGETS)[number];
        json?: boolean;
        out?: string;
        today?: string;
      }) => {
        await checkOutputs([{ flag: '--out', path: flags.out }], [], flags.config);
        const progress = createProgress(io, 'backtest');
        try {
          const result = await backtest(flags.config, {
            ...(flags.asOf ? { asOf: flags.asOf } : {}),
            ...(flags.every ? { every: flags.every } : {}),
            ...(flags.since ? { since: flags.since } : {}),
            ...(flags.target ? { target: flags.target } : {}),
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
