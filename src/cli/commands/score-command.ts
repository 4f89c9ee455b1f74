import type { Command } from 'commander';
import { IcpError } from '../../core/errors/icp-error.js';
import { parseAttributeMap } from '../../core/icp/attribute-map.js';
import type { Reasons } from '../../core/icp/compile-sql.js';
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
import { shareOption } from './parse-options.js';
import { crmImportOptions, scoreForCrmCommand } from './score-for-crm.js';
import { scoreInDatabase } from './score-in-database.js';
import { jsonOption, reasonsOption } from './shared-options.js';
import { sqlCommand } from './sql-command.js';

interface ScoreFlags {
  icp: string;
  data?: string;
  out?: string;
  source?: string;
  table?: string;
  into?: string;
  json?: boolean;
  registry?: string;
  rawCsv?: boolean;
  map?: string;
  minCoverage?: number;
  allowPartial?: boolean;
  for?: 'hubspot' | 'salesforce';
  id?: string;
  reasons?: Reasons;
}

/** `icp score` on a file, and `icp sql` for a table in a database (registered together). */
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
    .option('--data <file>', 'the rows to score (or --source, --table and --into)')
    .option('-o, --out <file>', 'where to write them (.csv, .parquet, .json or .ndjson)')
    .option(
      '--source <url>',
      'score a table inside a database instead of a file: postgres://user@host:5432/db, clickhouse://user@localhost:8123/db or clickhouses://user@host:8443/db (password in PGPASSWORD or CLICKHOUSE_PASSWORD)',
    )
    .option('--table <name>', 'with --source: the table to score, e.g. crm.leads')
    .option(
      '--into <name>',
      'with --source: the new table to write the scores into (never an existing one)',
    )
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
    .addOption(reasonsOption())
    .addOption(crmImportOptions.for)
    .addOption(crmImportOptions.id)
    .action((flags: ScoreFlags) =>
      flags.source === undefined ? scoreRows(io, filesGiven(flags)) : scoreInDatabase(io, flags),
    );
  sqlCommand(program, io);
}

/** --data and --out, both needed without --source. */
function filesGiven(flags: ScoreFlags): ScoreFlags & { data: string; out: string } {
  const { data, out } = flags;
  if (data === undefined || out === undefined)
    throw new IcpError(
      'USAGE',
      `score needs ${data === undefined ? '--data <file>' : '--out <file>'}: score a file with --data leads.csv --out scored.csv, or a database table with --source URL --table T --into T_scored.`,
    );
  return { ...flags, data, out };
}

/** Scores the rows of --data into --out, with a progress bar per pass on a terminal. */
async function scoreRows(
  io: CliIo,
  flags: ScoreFlags & { data: string; out: string },
): Promise<void> {
  await checkOutputs(
    [{ flag: '--out', path: flags.out }],
    [await icpInput('--icp', flags.icp, registryDir(flags)), flagInput('--data', flags.data)],
  );
  const { icp } = await resolveIcp(flags.icp, registryDir(flags));
  const scoring = {
    ...(flags.map === undefined ? {} : { map: parseAttributeMap(flags.map) }),
    ...(flags.minCoverage === undefined ? {} : { minCoverage: flags.minCoverage }),
    ...(flags.allowPartial ? { allowPartial: true } : {}),
    ...(flags.reasons === undefined ? {} : { reasons: flags.reasons }),
  };
  if (flags.for && flags.reasons === 'none')
    throw new IcpError(
      'USAGE',
      `--reasons none: the ${flags.for} import file carries icp_reasons; drop --reasons none, or drop --for to write the scored rows without them.`,
    );
  if (flags.for) return scoreForCrmCommand(io, icp, { ...flags, for: flags.for }, scoring);
  // DuckDB's own estimate of its one pass (the summary is counted on the way). It has none
  // for most ICPs (see ScoreFileOptions), so say what runs.
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
}
