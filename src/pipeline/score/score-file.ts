import { rename, rm } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import {
  type AttributeMap,
  type AttributeSource,
  attributeSources,
  checkAttributeMap,
  tooLittleKnown,
} from '../../core/icp/attribute-map.js';
import { compileScoreSql, compileUnseenSql, isIcpColumn } from '../../core/icp/compile-sql.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import type { MarketSize } from '../../core/icp/market-size.js';
import type { Tier } from '../../core/icp/record-score.js';
import { scorePlan } from '../../core/icp/score-plan.js';
import type { DataIssue } from '../../core/issues/data-issue.js';
import { normalizeHeader } from '../../core/model/canonical.js';
import { csvSelectList, restoreSelectList } from '../../core/sql/csv-formula.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { columnTypes, type TypedColumn } from '../../data/db/column-types.js';
import { Database, type Row } from '../../data/db/database.js';
import {
  markComplete,
  removeStaleTemps,
  tempPathFor,
  trackTemp,
  untrackTemp,
} from '../../data/output/temp-files.js';
import { openSource, sourceHeaders } from '../../data/source/read-raw.js';
import { countSql, summary } from './score-summary.js';

export interface ScoreFileResult {
  /** What reading the file found and worked around (encoding, NUL bytes, duplicate headers). */
  readonly warnings: readonly DataIssue[];
  readonly rows: number;
  readonly out: string;
  /** Rows per tier; "unknown": less than `minCoverage` of the scorecard's weight known. */
  readonly tiers: Readonly<Record<Tier, number>>;
  readonly disqualified: number;
  readonly nearMiss: number;
  readonly minCoverage: number;
  /** Each scorecard attribute: found by name, mapped (--map), or absent, with its weight. */
  readonly attributes: readonly AttributeSource[];
  /** Share of the scorecard's weight with no column in the file. */
  readonly absentWeight: number;
  /** The input's own icp_* columns, left out of the output: the new scores replace them. */
  readonly replacedColumns: readonly string[];
  /** The rows as a market: companies and potential ARR per tier, and whether A-B is too narrow. */
  readonly market: MarketSize;
  /** Rows missing each scorecard attribute (scored in its missing bin). */
  readonly missing: Readonly<Record<string, number>>;
  /** Scorecard attributes with no matching column in the file at all. */
  readonly absentColumns: readonly string[];
  /**
   * Per categorical scorecard attribute: rows whose value is filled in but is none of the
   * categories the ICP names, so it was scored in the "other" bin (a category rare in
   * training or never seen there).
   */
  readonly otherCategory: Readonly<Record<string, number>>;
  /**
   * Per numeric scorecard attribute: rows whose number lies outside the training range
   * (`range` in icp.json), scored in an end bin as if at its edge; null when the ICP stores no
   * range for it (written before ranges were kept: discover again to get them).
   */
  readonly outOfRange: Readonly<Record<string, number | null>>;
}

/** The two passes over the rows: scoring them into the output, then counting the output. */
export type ScoreStage = 'scoring' | 'counting';

export interface ScoreFileOptions {
  /**
   * Called about every 200 ms during each pass with DuckDB's estimate of how far it is, as
   * `done` out of `total` = 100 (a percentage, rising within a pass, 100 at its end). Only
   * real estimates are passed on (the compiled SQL has no IN list DuckDB would run as a join,
   * which would leave it without one).
   */
  readonly onProgress?: (done: number, total: number, stage: ScoreStage) => void;
  /**
   * Write CSV cells exactly as they are. By default a text cell (or header) that starts like a
   * spreadsheet formula (`=`, `+`, `-`, `@`, tab, CR) and is not a plain number gets a `'`
   * before it (see core/sql/csv-formula.ts). Parquet and JSON are always written raw.
   */
  readonly rawCsv?: boolean;
  /** Scorecard attribute -> the file's column holding it (`--map`). */
  readonly map?: AttributeMap;
  /** Overrides the ICP's `tiers.min_coverage`. */
  readonly minCoverage?: number;
  /**
   * Score even when the file's columns cannot give any row the minimum coverage (every row
   * then gets tier unknown); without it that is refused (`--allow-partial`).
   */
  readonly allowPartial?: boolean;
}

/** How often DuckDB's progress is read while a pass runs. */
const PROGRESS_INTERVAL_MS = 200;

const OUT_FORMATS: Record<string, string> = {
  '.csv': 'csv',
  '.parquet': 'parquet',
  '.json': 'json',
  '.ndjson': 'json',
  '.jsonl': 'json',
};

/**
 * Scores every row of a CSV, Parquet or JSON file inside DuckDB and writes them, with every
 * input column kept, to `out` in the format of its extension. Streams: the rows never become
 * JavaScript objects. The output appears only when complete.
 */
export async function scoreFile(
  icp: IcpDefinition,
  data: string,
  out: string,
  options: ScoreFileOptions = {},
): Promise<ScoreFileResult> {
  const format = outputFormat(icp, out);
  const map = checkAttributeMap(icp, options.map ?? {});
  const minCoverage = options.minCoverage ?? scorePlan(icp).minCoverage;
  const db = await Database.open();
  const target = resolve(out);
  // Named and tracked so an interrupted run leaves no temp file (see temp-files.ts).
  const temp = tempPathFor(target);
  trackTemp(temp, target);
  await removeStaleTemps(target);
  let closeSource = async () => {};
  try {
    // Read straight from the file: DuckDB streams it through the query into the output.
    const opened = await openSource('input', { path: basename(data) }, resolve(data));
    closeSource = opened.close;
    const headers = await sourceHeaders(db, opened, data);
    const { sources, bestCoverage } = attributeSources(icp, headers, map, data);
    if (bestCoverage < minCoverage && !options.allowPartial)
      throw tooLittleKnown(icp, data, headers, sources, minCoverage);
    const columns = Object.fromEntries(
      sources.flatMap((x) => (x.how === 'mapped' ? [[x.attribute, x.column!]] : [])),
    );
    const compile = { dialect: 'duckdb', columns: headers, map: columns, minCoverage } as const;
    const sql = compileScoreSql(icp, { ...compile, from: opened.reader });
    await db.run(`CREATE TEMP VIEW scored AS ${sql}`);
    const pass = progressPass(db, options.onProgress);
    const outColumns = await writeScored(db, temp, format, options, pass);
    markComplete(temp);
    // The summary reads the written file back (a plain scan), rather than scoring twice; the
    // counts of unseen values recompute them from the input columns, normalised as in scoring.
    const written = await writtenReader(db, temp, format, outColumns, sources);
    const unseen = compileUnseenSql(icp, compile);
    let counts: Row | undefined;
    await pass('counting', async () => {
      counts = await db.one(countSql(icp, unseen, written));
    });
    await rename(temp, target);
    untrackTemp(temp);
    return {
      warnings: opened.warnings,
      ...summary(icp, counts ?? {}, unseen, {
        out: target,
        minCoverage,
        sources,
        replacedColumns: headers.filter(isIcpColumn),
      }),
    };
  } catch (error) {
    await rm(temp, { force: true });
    untrackTemp(temp);
    throw error;
  } finally {
    await closeSource();
    db.close();
  }
}

/** The output format of `out`'s extension; refuses an unknown one, and an ICP without a scorecard. */
function outputFormat(icp: IcpDefinition, out: string): string {
  const format = OUT_FORMATS[extname(out).toLowerCase()];
  if (!format)
    throw new IcpError(
      'USAGE',
      `--out ${out}: write .csv, .parquet, .json or .ndjson (the format follows the extension).`,
    );
  if (!icp.scorecard)
    throw new IcpError(
      'USAGE',
      `the ICP ${icp.id} has no scorecard (verdict ${icp.verdict.kind}: ${icp.verdict.reason}); nothing to score with.`,
    );
  return format;
}

/**
 * Writes the view `scored` to `temp` in one COPY, reporting progress. Spreadsheet formulas in
 * text cells are neutralised inside DuckDB's projection (CSV only, unless `rawCsv`): then the
 * columns written, else null.
 */
async function writeScored(
  db: Database,
  temp: string,
  format: string,
  options: ScoreFileOptions,
  pass: ReturnType<typeof progressPass>,
): Promise<TypedColumn[] | null> {
  // The COPY runs on DuckDB's threads, leaving the event loop free to read its progress.
  // (DuckDB does not track a query's progress unless asked; it never prints it here.)
  if (options.onProgress) await db.trackProgress();
  const neutralise = format === 'csv' && !options.rawCsv;
  const columns = neutralise ? await columnTypes(db, 'scored') : null;
  const projection = columns ? csvSelectList(columns) : '*';
  await pass('scoring', () =>
    db.run(
      `COPY (SELECT ${projection} FROM scored) TO ${quoteLiteral(temp)} (FORMAT ${format}${format === 'csv' ? ', HEADER' : ''})`,
    ),
  );
  return columns;
}

/**
 * Runs one pass, reporting DuckDB's own progress estimate about every 200 ms (only real
 * estimates, never decreasing) and 100 at its end.
 */
function progressPass(db: Database, onProgress: ScoreFileOptions['onProgress']) {
  return async (stage: ScoreStage, run: () => Promise<void>) => {
    if (!onProgress) return run();
    let done = 0;
    const timer = setInterval(() => {
      const p = db.progress();
      if (p !== undefined && p > done) {
        done = Math.min(p, 100);
        onProgress(done, 100, stage);
      }
    }, PROGRESS_INTERVAL_MS);
    try {
      await run();
    } finally {
      clearInterval(timer);
    }
    onProgress(100, 100, stage);
  };
}

/**
 * The written file as a DuckDB reader. A neutralised CSV (its columns given) is read back under
 * its original names, with the cells restored in the columns the counts read: icp_missing and
 * each attribute's column (restoring all would double the pass: DuckDB does not prune unused
 * expressions).
 */
async function writtenReader(
  db: Database,
  temp: string,
  format: string,
  neutralised: readonly { name: string }[] | null,
  sources: readonly AttributeSource[],
): Promise<string> {
  if (format === 'parquet') return `read_parquet(${quoteLiteral(temp)})`;
  if (format === 'json')
    return `read_json(${quoteLiteral(temp)}, format = 'newline_delimited', columns = ${await jsonColumns(db, 'scored')})`;
  if (!neutralised) return `read_csv(${quoteLiteral(temp)}, all_varchar = true)`;
  const names = neutralised.map((c) => quoteLiteral(c.name)).join(', ');
  return `(SELECT * REPLACE (${restoreSelectList(countedColumns(neutralised, sources))}) FROM read_csv(${quoteLiteral(temp)}, all_varchar = true, header = true, names = [${names}]))`;
}

/** The columns the summary reads: icp_missing, and the column each scorecard attribute reads. */
function countedColumns(
  columns: readonly { name: string }[],
  sources: readonly AttributeSource[],
): string[] {
  const read = new Set(
    sources.flatMap((s) => (s.column === null ? [] : [normalizeHeader(s.column)])),
  );
  return columns
    .map((c) => c.name)
    .filter((n) => n === 'icp_missing' || read.has(normalizeHeader(n)));
}

/** The columns of a table or view as a DuckDB struct literal of names and types, for read_json. */
async function jsonColumns(db: Database, table: string): Promise<string> {
  const described = await db.all(`DESCRIBE ${table}`);
  return `{${described.map((c) => `${quoteLiteral(String(c.column_name))}: ${quoteLiteral(String(c.column_type))}`).join(', ')}}`;
}
