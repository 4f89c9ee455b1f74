import type { Command } from 'commander';
import { writeReport } from '../../pipeline/report/build-report.js';
import type { CliIo } from '../io.js';
import { checkOutputs, flagInput } from './command-outputs.js';
import { configOption, todayOption } from './shared-options.js';

export function reportCommand(program: Command, io: CliIo): void {
  program
    .command('report')
    .description(
      'write the ICP report: one self-contained HTML file with the ICP in words, the numbers that matter, the scorecard, charts and the audit',
    )
    .addOption(configOption())
    .requiredOption('--icp <file>', 'the icp.json to report on')
    .requiredOption('-o, --out <file>', 'the HTML file to write, e.g. report.html')
    .addOption(todayOption())
    .option(
      '--no-backtest',
      'skip the quarterly backtest (one discovery per quarter: the slow part)',
    )
    .action(
      async (flags: {
        config: string;
        icp: string;
        out: string;
        today?: string;
        backtest: boolean;
      }) => {
        await checkOutputs(
          [{ flag: '--out', path: flags.out }],
          [flagInput('--icp', flags.icp)],
          flags.config,
        );
        if (io.isTTY && flags.backtest)
          io.stderr(
            'building the report (the quarterly backtest runs one discovery per quarter)...\n',
          );
        const path = await writeReport(flags.config, flags.icp, flags.out, {
          ...(flags.today ? { today: flags.today } : {}),
          backtest: flags.backtest,
        });
        io.stdout(`Wrote ${path}\n`);
      },
    );
}
