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
import {
  checkReasons,
  compileScoreSql,
  compileUnseenSql,
  isIcpColumn,
  type Reasons,
} from '../../core/icp/compile-sql.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import type { MarketSize } from '../../core/icp/market-size.js';
import type { Tier } from '../../core/icp/record-score.js';
import { scorePlan } from '../../core/icp/score-plan.js';
import { tallyKeys } from '../../core/icp/tally-sql.js';
import type { DataIssue } from '../../core/issues/data-issue.js';
import { Database } from '../../data/db/database.js';
import { databaseDefaults } from '../../data/db/database-options.js';
import {
  markComplete,
  removeStaleTemps,
  tempPathFor,
  trackTemp,
  untrackTemp,
} from '../../data/output/temp-files.js';
import { openSource, sourceHeaders, streamFailure } from '../../data/source/read-raw.js';
import { estimateRows, splitRow } from './score-parts.js';
import { summary } from './score-summary.js';
import {
  closeParts,
  openParts,
  prepareParts,
  type ScoringPart,
  tallied,
  writeParts,
} from './scoring-pass.js';

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

/** The one pass over the rows: scoring them into the output (the summary is counted on the way). */
export type ScoreStage = 'scoring';

export interface ScoreFileOptions {
  /**
   * Called about every 200 ms during the pass with DuckDB's estimate of how far it is, as
   * `done` out of `total` = 100 (a percentage, rising, 100 at its end). Only
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
  /**
   * 'none': write every column but icp_reasons, for bulk scoring (the reasons are most of the
   * output's bytes and of its writing); by default 'text', the readable reasons.
   */
  readonly reasons?: Reasons;
}

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
  const reasons = checkReasons(options.reasons ?? 'text');
  const map = checkAttributeMap(icp, options.map ?? {});
  const minCoverage = options.minCoverage ?? scorePlan(icp).minCoverage;
  const db = await Database.open();
  const target = resolve(out);
  // Named and tracked so an interrupted run leaves no temp file (see temp-files.ts).
  const temp = tempPathFor(target);
  trackTemp(temp, target);
  await removeStaleTemps(target);
  let closeSource = async () => {};
  let parts: readonly ScoringPart[] = [];
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
    // The summary is counted in the scoring pass itself, into temporary sequences (tally-sql.ts).
    const unseen = compileUnseenSql(icp, compile);
    const keys = tallyKeys(icp.scorecard!.attributes.length, unseen);
    const rows = await estimateRows(db, opened);
    const at = splitRow(rows, format, databaseDefaults().memoryLimit);
    parts = await openParts(db, opened.reader, at === undefined ? at : { at, rows }, temp, target);
    await prepareParts(parts, keys, (from) =>
      compileScoreSql(icp, { ...compile, from, tally: true, reasons }),
    );
    const neutralise = format === 'csv' && !options.rawCsv;
    const onProgress = options.onProgress;
    await writeParts(
      parts,
      format,
      neutralise,
      onProgress && ((done) => onProgress(done, 100, 'scoring')),
    ).catch((error: unknown) => {
      throw streamFailure(error, opened);
    });
    markComplete(temp);
    const counts = await tallied(parts);
    await rename(temp, target);
    untrackTemp(temp);
    return {
      warnings: opened.warnings,
      ...summary(icp, counts, unseen, {
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
    await closeParts(parts);
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
