import type { Command } from 'commander';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import { writeReport } from '../../pipeline/report/build-report.js';
import type { CliIo } from '../io.js';
import { createProgress, type Progress } from '../progress.js';
import { checkOutputs, icpInput } from './command-outputs.js';
import { configOption, todayOption } from './shared-options.js';

export function reportCommand(program: Command, io: CliIo): void {
  program
    .command('report')
    .description(
      'write the ICP report: one self-contained HTML file with the answer in one sentence, three charts, the numbers that matter, the scorecard and the audit',
    )
    .addOption(configOption())
    .requiredOption('--icp <file>', 'the icp.json to report on, or an id in the registry')
    .requiredOption('-o, --out <file>', 'the HTML file to write, e.g. report.html')
    .option(
      '--registry <dir>',
      'the ICP versions folder, for an id (default: $ICP_REGISTRY, else icp-versions/ next to the config)',
    )
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
        registry?: string;
        today?: string;
        backtest: boolean;
      }) => {
        await checkOutputs(
          [{ flag: '--out', path: flags.out }],
          [await icpInput('--icp', flags.icp, registryDir(flags))],
          flags.config,
        );
        const { path: icpPath } = await resolveIcp(flags.icp, registryDir(flags));
        // A line per stage, and a bar for the backtest's quarters: no step is silent for long.
        let bar: Progress | undefined;
        const onProgress = (stage: string, done?: number, total?: number) => {
          if (!io.isTTY) return;
          if (done === undefined || total === undefined) {
            bar?.stop();
            bar = undefined;
            io.stderr(`${stage}...\n`);
            return;
          }
          bar ??= createProgress(io, `${stage} (quarters)`);
          bar.update(done, total);
        };
        try {
          const path = await writeReport(flags.config, icpPath, flags.out, {
            ...(flags.today ? { today: flags.today } : {}),
            backtest: flags.backtest,
            onProgress,
          });
          bar?.stop();
          io.stdout(`Wrote ${path}\n`);
        } finally {
          bar?.stop();
        }
      },
    );
}
