import type { Command } from 'commander';
import { IcpError } from '../../core/errors/icp-error.js';
import {
  attributeSources,
  checkAttributeMap,
  parseAttributeMap,
} from '../../core/icp/attribute-map.js';
import { compileScoreSql, type Dialect } from '../../core/icp/compile-sql.js';
import { sqlColumnsComment } from '../../core/icp/derived-attributes.js';
import { dialectSql } from '../../core/icp/dialect-sql.js';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import {
  type ScoreFileResult,
  type ScoreStage,
  scoreFile,
} from '../../pipeline/score/score-file.js';
import { formatScoreSummary } from '../format/score-text.js';
import type { CliIo } from '../io.js';
import { createProgress, type Progress } from '../progress.js';
import { checkOutputs, flagInput, icpInput } from './command-outputs.js';
import { listOption, shareOption } from './parse-options.js';
import { crmImportOptions, scoreForCrmCommand } from './score-for-crm.js';
import { choiceOption, jsonOption } from './shared-options.js';

const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres', 'clickhouse'];

interface ScoreFlags {
  icp: string;
  data: string;
  out: string;
  json?: boolean;
  registry?: string;
  rawCsv?: boolean;
  map?: string;
  minCoverage?: number;
  allowPartial?: boolean;
  for?: 'hubspot' | 'salesforce';
  id?: string;
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
    .option(
      '--map <pairs>',
      'scorecard attributes held in columns of another name, e.g. "Employees=employee_count,Industry=category_list"',
    )
    .option(
      '--min-coverage <share>',
      "share of the scorecard's weight a row needs known to get a tier, else tier unknown (default: the ICP's, else 0.5)",
      shareOption('--min-coverage'),
    )
    .option(
      '--allow-partial',
      'score even when the file lacks so much of the scorecard that no row can be tiered (every row: tier unknown)',
    )
    .addOption(crmImportOptions.for)
    .addOption(crmImportOptions.id)
    .action(async (flags: ScoreFlags) => {
      await checkOutputs(
        [{ flag: '--out', path: flags.out }],
        [await icpInput('--icp', flags.icp, registryDir(flags)), flagInput('--data', flags.data)],
      );
      const { icp } = await resolveIcp(flags.icp, registryDir(flags));
      const scoring = {
        ...(flags.map === undefined ? {} : { map: parseAttributeMap(flags.map) }),
        ...(flags.minCoverage === undefined ? {} : { minCoverage: flags.minCoverage }),
        ...(flags.allowPartial ? { allowPartial: true } : {}),
      };
      if (flags.for) return scoreForCrmCommand(io, icp, { ...flags, for: flags.for }, scoring);
      // DuckDB's own estimate, one bar per pass (scoring, then counting the written rows). It
      // has none for the scoring pass of most ICPs (see ScoreFileOptions), so say what runs.
      if (io.isTTY) io.stderr(`scoring ${flags.data} in DuckDB...\n`);
      let stage: ScoreStage | undefined;
      let progress: Progress | undefined;
      let r: ScoreFileResult;
      try {
        r = await scoreFile(icp, flags.data, flags.out, {
          rawCsv: flags.rawCsv === true,
          ...scoring,
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
      for (const w of r.warnings) io.stderr(`warning: ${w.message}\n`);
      if (flags.json) {
        io.stdout(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      io.stdout(formatScoreSummary(icp, r));
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
      "the table's columns, comma-separated, to match attribute names ignoring case (and to leave out the table's own icp_* columns); attributes without a column are scored as missing. Without it, the SELECT reads every attribute as a column named exactly like it (or as --map says): the comment printed above it lists them, and those computed from other tables such as Contacts, and the database stops on any it lacks",
      listOption,
    )
    .option(
      '--map <pairs>',
      'scorecard attributes held in columns of another name, e.g. "Employees=employee_count"',
    )
    .option(
      '--min-coverage <share>',
      "share of the scorecard's weight a row needs known to get a tier (default: the ICP's, else 0.5)",
      shareOption('--min-coverage'),
    )
    .action(
      async (flags: {
        icp: string;
        table: string;
        dialect: Dialect;
        columns?: string[];
        registry?: string;
        map?: string;
        minCoverage?: number;
      }) => {
        const { icp } = await resolveIcp(flags.icp, registryDir(flags));
        if (!icp.scorecard)
          throw new IcpError(
            'USAGE',
            `the ICP ${icp.id} has no scorecard (verdict ${icp.verdict.kind}: ${icp.verdict.reason}); there is nothing to score with, so no SQL. Discover again on more or other data.`,
          );
        const parts = flags.table.split('.');
        if (parts.some((p) => p.trim() === ''))
          throw new IcpError(
            'USAGE',
            `--table ${JSON.stringify(flags.table)}: name a table, e.g. --table crm.accounts.`,
          );
        const from = parts.map(dialectSql(flags.dialect).quoteIdent).join('.');
        const columns = flags.columns;
        const map =
          flags.map === undefined ? {} : checkAttributeMap(icp, parseAttributeMap(flags.map));
        // With the columns known, a mapped column the table lacks is named now, not NULL later.
        if (columns) attributeSources(icp, columns, map, `the table ${flags.table}`);
        const sql = compileScoreSql(icp, {
          dialect: flags.dialect,
          from,
          map,
          ...(columns ? { columns } : {}),
          ...(flags.minCoverage === undefined ? {} : { minCoverage: flags.minCoverage }),
        });
        // Without the columns, say which the SELECT reads (mapped names included) and where
        // the ones computed from other tables come from: the database's own error names one.
        const read = [
          ...(icp.scorecard?.attributes ?? []).map((a) => ({ name: a.name, kind: a.kind })),
          ...icp.rules
            .filter((r) => !icp.scorecard?.attributes.some((a) => a.name === r.when.attribute))
            .map((r) => ({
              name: r.when.attribute,
              kind: ['in', 'not_in', 'missing', 'present'].includes(r.when.op)
                ? ('categorical' as const)
                : ('numeric' as const),
            })),
        ].map((a) => ({ ...a, name: map[a.name] ?? a.name }));
        io.stdout(`${columns ? '' : sqlColumnsComment(icp.id, flags.table, read)}${sql};\n`);
      },
    );
}
