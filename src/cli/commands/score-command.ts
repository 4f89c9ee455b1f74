import type { Command } from 'commander';
import { compileScoreSql, type Dialect } from '../../core/icp/compile-sql.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import {
  type ScoreFileResult,
  type ScoreStage,
  scoreFile,
} from '../../pipeline/score/score-file.js';
import type { CliIo } from '../io.js';
import { createProgress, type Progress } from '../progress.js';
import { choiceOption, jsonOption } from './shared-options.js';

const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres'];

interface ScoreFlags {
  icp: string;
  data: string;
  out: string;
  json?: boolean;
  registry?: string;
  rawCsv?: boolean;
}

export function scoreCommand(program: Command, io: CliIo): void {
  program
    .command('score')
    .description(
      'score every row of a CSV, Parquet or JSON file against an ICP; keeps every input column and adds icp_*',
    )
    .requiredOption(
      '--icp <file>',
      'the icp.json written by "icp discover", or an id in the registry',
    )
    .requiredOption('--data <file>', 'the rows to score')
    .requiredOption('-o, --out <file>', 'where to write them (.csv, .parquet, .json or .ndjson)')
    .addOption(jsonOption('the summary'))
    .option(
      '--raw-csv',
      "write CSV cells as they are: by default a cell starting like a spreadsheet formula (= + - @, tab, CR) that is not a plain number gets a ' before it",
    )
    .option(
      '--registry <dir>',
      'the ICP versions folder, for an id (default: $ICP_REGISTRY, else ./icp-versions)',
    )
    .action(async (flags: ScoreFlags) => {
      const { icp } = await resolveIcp(flags.icp, registryDir(flags));
      // DuckDB's own estimate, one bar per pass (scoring, then counting the written rows). It
      // has none for the scoring pass of most ICPs (see ScoreFileOptions), so say what runs.
      if (io.isTTY) io.stderr(`scoring ${flags.data} in DuckDB...\n`);
      let stage: ScoreStage | undefined;
      let progress: Progress | undefined;
      let r: ScoreFileResult;
      try {
        r = await scoreFile(icp, flags.data, flags.out, {
          rawCsv: flags.rawCsv === true,
          onProgress: (done, total, next) => {
            if (next !== stage) {
              progress?.stop();
              progress = undefined;
              stage = next;
              // A pass that reports only its end gets no bar.
              if (done >= total) return;
              progress = createProgress(io, next, { counts: false });
            }
            progress?.update(done, total);
          },
        });
      } finally {
        progress?.stop();
      }
      if (flags.json) {
        io.stdout(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      const n = (x: number) => x.toLocaleString('en-US');
      const lines = [
        `Scored ${n(r.rows)} rows against ICP ${icp.id} into ${r.out}.`,
        `Tiers: A ${n(r.tiers.A)}, B ${n(r.tiers.B)}, C ${n(r.tiers.C)}, D ${n(r.tiers.D)}; ${n(r.disqualified)} disqualified by a hard rule; ${n(r.nearMiss)} near misses.`,
      ];
      if (r.absentColumns.length > 0)
        lines.push(
          `No column for: ${r.absentColumns.join(', ')} (scored as missing). Rename the columns to the ICP's attribute names to use them.`,
        );
      const missing = Object.entries(r.missing).filter(
        ([a, c]) => c > 0 && !r.absentColumns.includes(a),
      );
      if (missing.length > 0)
        lines.push(`Missing values: ${missing.map(([a, c]) => `${a} ${n(c)}`).join(', ')}.`);
      const other = Object.entries(r.otherCategory).filter(([, c]) => c > 0);
      if (other.length > 0)
        lines.push(
          `Categories the ICP does not name (scored in the "other" bin): ${other.map(([a, c]) => `${a} ${n(c)}`).join(', ')}.`,
        );
      const ranges = new Map(icp.scorecard?.attributes.map((a) => [a.name, a.range]));
      const outside = Object.entries(r.outOfRange).filter(([, c]) => c !== null && c > 0);
      if (outside.length > 0)
        lines.push(
          `Numbers outside the training range (scored in the end bins): ${outside
            .map(([a, c]) => {
              const range = ranges.get(a);
              return `${a} ${n(c ?? 0)}${range ? ` (trained on ${n(range.min)} to ${n(range.max)})` : ''}`;
            })
            .join(', ')}.`,
        );
      const unknown = Object.entries(r.outOfRange)
        .filter(([a, c]) => c === null && !r.absentColumns.includes(a))
        .map(([a]) => a);
      if (unknown.length > 0)
        lines.push(
          `No training range in this ICP for: ${unknown.join(', ')} (written before ranges were kept); discover again to count numbers outside it.`,
        );
      io.stdout(`${lines.join('\n')}\n`);
    });

  program
    .command('sql')
    .description(
      'print one SELECT that scores a database table against an ICP, inside the database',
    )
    .requiredOption(
      '--icp <file>',
      'the icp.json written by "icp discover", or an id in the registry',
    )
    .option(
      '--registry <dir>',
      'the ICP versions folder, for an id (default: $ICP_REGISTRY, else ./icp-versions)',
    )
    .requiredOption('--table <name>', 'the table to score (quoted for you)')
    .addOption(choiceOption('--dialect <name>', 'the SQL dialect', DIALECTS).default('duckdb'))
    .option(
      '--columns <list>',
      "the table's columns, comma-separated, to match attribute names ignoring case",
    )
    .action(
      async (flags: {
        icp: string;
        table: string;
        dialect: Dialect;
        columns?: string;
        registry?: string;
      }) => {
        const { icp } = await resolveIcp(flags.icp, registryDir(flags));
        const columns = flags.columns
          ?.split(',')
          .map((c) => c.trim())
          .filter(Boolean);
        const from = flags.table.split('.').map(quoteIdent).join('.');
        io.stdout(
          `${compileScoreSql(icp, { dialect: flags.dialect, from, ...(columns ? { columns } : {}) })};\n`,
        );
      },
    );
}
