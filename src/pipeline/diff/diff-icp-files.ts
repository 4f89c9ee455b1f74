import { basename, resolve } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import { compileScoreSql } from '../../core/icp/compile-sql.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import {
  diffIcp,
  type IcpDiff,
  type TierState,
  type TierTransitions,
  transitionsFromCells,
} from '../../core/icp/diff-icp.js';
import { normalizeHeader } from '../../core/model/canonical.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { type PsiResult, populationStabilityIndex } from '../../core/stats/psi.js';
import { loadConfig } from '../../data/config/load-config.js';
import { Database, num, str } from '../../data/db/database.js';
import { readIcp } from '../../data/icp/icp-file.js';
import { loadDataset } from '../../data/load/load-dataset.js';
import { openSource, sourceHeaders, streamFailure } from '../../data/source/read-raw.js';
import { prepareAttributes } from '../analysis/prepare-attributes.js';
import type { TableRef } from '../analysis/table-ref.js';

/** At most this many rows are listed as moving most. */
export const MAX_MOVERS = 20;

/** Headers taken as a row's id, in order of preference (compared ignoring case and punctuation). */
const ID_COLUMNS = ['accountid', 'id', 'leadid', 'companyid', 'recordid', 'contactid'];

/** One row scored by both ICPs. */
export interface MovedRow {
  /** The value of the id column, or the row's number when the file has no id column. */
  readonly id: string;
  /** The row in the file: its line for CSV and TSV (the header is line 1), else its position from 1. */
  readonly row: number;
  readonly old: { readonly score: number; readonly state: TierState };
  readonly new: { readonly score: number; readonly state: TierState };
  /** new score minus old score. */
  readonly change: number;
}

export interface DataDiff {
  readonly file: string;
  readonly rows: number;
  /** The header used as the rows' id, or null (rows are then named by number). */
  readonly idColumn: string | null;
  readonly transitions: TierTransitions;
  /** How much the mix of tiers (A, B, C, D, unknown, disqualified) moves from the old ICP to the new one. */
  readonly tierMix: PsiResult;
  /** Average score under each ICP. */
  readonly averageScore: { readonly old: number; readonly new: number };
  /** The rows whose score changes most (largest absolute change first), at most 20. */
  readonly movers: readonly MovedRow[];
  /** Scorecard attributes of each ICP with no matching column in the file (scored as missing). */
  readonly absentColumns: { readonly old: readonly string[]; readonly new: readonly string[] };
}

export interface DiffFilesResult {
  readonly old: string;
  readonly new: string;
  readonly diff: IcpDiff;
  /** Present when a data file was given: the same rows scored by both ICPs. */
  readonly data: DataDiff | null;
}

/**
 * Compares two ICP files and, given a data file (CSV, TSV, Parquet, JSON, NDJSON), scores its
 * rows with both inside DuckDB: how many rows move between tiers, how much the tier mix shifts
 * and which rows move most. The rows never become JavaScript objects, except the movers.
 *
 * @example await diffIcpFiles('icp-2025.json', 'icp-2026.json', { data: 'accounts.csv' })
 */
export async function diffIcpFiles(
  oldPath: string,
  newPath: string,
  options: {
    data?: string;
    config?: string;
    today?: string;
    /** Overrides each ICP's minimum coverage for tier "unknown" (docs/scoring.md). */
    minCoverage?: number;
  } = {},
): Promise<DiffFilesResult> {
  const oldIcp = await readIcp(oldPath);
  const newIcp = await readIcp(newPath);
  const diff = diffIcp(oldIcp, newIcp);
  if (options.data !== undefined && options.config !== undefined)
    throw new IcpError(
      'USAGE',
      'diff scores either --data FILE or the accounts of --config FILE, not both. Give one.',
    );
  const pair = { oldIcp, newIcp, oldPath, newPath };
  const data =
    options.data !== undefined
      ? await scoreBoth(pair, { file: options.data }, options.minCoverage)
      : options.config !== undefined
        ? await scoreBoth(
            pair,
            { config: options.config, today: options.today },
            options.minCoverage,
          )
        : null;
  return { old: oldPath, new: newPath, diff, data };
}

interface Pair {
  readonly oldIcp: IcpDefinition;
  readonly newIcp: IcpDefinition;
  readonly oldPath: string;
  readonly newPath: string;
}

/** What both ICPs score: the rows of one file, or the accounts of a config with every attribute. */
type Rows =
  | { readonly file: string }
  | { readonly config: string; readonly today?: string | undefined };

/**
 * Opens the rows to score in DuckDB: a file as it is (its headers are the columns), or a
 * config's data loaded and prepared as discovery does, so attributes computed from other
 * tables (contacts per account, roles present) are there. Returns the relation to score.
 */
async function openRows(rows: Rows): Promise<{
  db: Database;
  from: string;
  headers: string[];
  rowCol: string;
  idColumn: string | null;
  label: string;
  close: () => Promise<void>;
}> {
  const rowCol = quoteIdent('__icp_diff_row');
  if ('file' in rows) {
    const file = rows.file;
    const open = await Database.open();
    let opened: Awaited<ReturnType<typeof openSource>> | undefined;
    let headers: string[];
    try {
      opened = await openSource('input', { path: basename(file) }, resolve(file));
      headers = await sourceHeaders(open, opened, file);
      // Read the file once: both scorings see the same rows, numbered in file order by rowid.
      const reading = opened;
      await open
        .run(`CREATE TEMP TABLE diff_input AS SELECT * FROM ${reading.reader}`)
        .catch((error: unknown) => {
          throw streamFailure(error, reading);
        });
    } catch (error) {
      await opened?.close();
      open.close();
      throw error;
    }
    const source = opened;
    const rowBase = opened.format === 'csv' || opened.format === 'tsv' ? 2 : 1;
    const idColumn =
      ID_COLUMNS.map((id) => headers.find((h) => normalizeHeader(h) === id)).find(
        (h) => h !== undefined,
      ) ?? null;
    return {
      db: open,
      from: `(SELECT rowid + ${rowBase} AS ${rowCol}, * FROM diff_input)`,
      headers,
      rowCol,
      idColumn,
      label: file,
      close: async () => {
        await source.close();
        open.close();
      },
    };
  }
  const loaded = await loadConfig(rows.config);
  const dataset = await loadDataset(loaded, rows.today ? { today: rows.today } : {});
  let headers: string[];
  let attributes: TableRef;
  try {
    attributes = (await prepareAttributes(dataset)).table;
    headers = await dataset.db.columns(attributes);
  } catch (error) {
    dataset.close();
    throw error;
  }
  return {
    db: dataset.db,
    from: `(SELECT row_number() OVER (ORDER BY account_id) AS ${rowCol}, * FROM ${attributes})`,
    headers,
    rowCol,
    idColumn: 'account_id',
    label: `the accounts of ${rows.config}`,
    close: async () => dataset.close(),
  };
}

async function scoreBoth(
  pair: Pair,
  rows: Rows,
  minCoverage: number | undefined,
): Promise<DataDiff> {
  const { oldIcp, newIcp, oldPath, newPath } = pair;
  const flag = 'file' in rows ? '--data' : '--config';
  for (const [icp, path] of [
    [oldIcp, oldPath],
    [newIcp, newPath],
  ] as const)
    if (!icp.scorecard || !icp.tiers)
      throw new IcpError(
        'USAGE',
        `${path}: the ICP ${icp.id} has no scorecard (verdict ${icp.verdict.kind}: ${icp.verdict.reason}); cannot score ${flag} with it. Leave out ${flag} to compare the definitions only.`,
      );
  const opened = await openRows(rows);
  const { db, from, headers, rowCol, idColumn } = opened;
  const data = opened.label;
  try {
    const scored = (icp: IcpDefinition) =>
      `SELECT ${rowCol} AS r, icp_score AS score, CASE WHEN icp_disqualified THEN 'disqualified' ELSE icp_tier END AS state${idColumn === null ? '' : `, CAST(${quoteIdent(idColumn)} AS VARCHAR) AS id`} FROM (${compileScoreSql(icp, { dialect: 'duckdb', from, columns: headers, ...(minCoverage === undefined ? {} : { minCoverage }) })})`;
    await db.run(`CREATE TEMP TABLE diff_pairs AS
      SELECT o.r, ${idColumn === null ? 'CAST(o.r AS VARCHAR)' : 'o.id'} AS id,
        o.score AS old_score, o.state AS old_state, n.score AS new_score, n.state AS new_state
      FROM (${scored(oldIcp)}) AS o JOIN (${scored(newIcp)}) AS n USING (r)`);
    const cells = await db.all(
      'SELECT old_state, new_state, count(*) AS n FROM diff_pairs GROUP BY ALL',
    );
    const transitions = transitionsFromCells(
      cells.map((c) => ({ from: String(c.old_state), to: String(c.new_state), count: num(c.n) })),
    );
    const averages = await db.one(
      'SELECT count(*) AS n, avg(old_score) AS old, avg(new_score) AS new FROM diff_pairs',
    );
    if (num(averages?.n) === 0)
      throw new IcpError('DATA', `${data}: has a header but no rows; nothing to score.`);
    const movers = await db.all(`SELECT r, id, old_score, old_state, new_score, new_state
      FROM diff_pairs WHERE new_score <> old_score OR new_state <> old_state
      ORDER BY abs(new_score - old_score) DESC, (new_state <> old_state) DESC, r
      LIMIT ${MAX_MOVERS}`);
    const present = new Set(headers.map(normalizeHeader));
    const absent = (icp: IcpDefinition) =>
      (icp.scorecard?.attributes ?? [])
        .filter((a) => !present.has(normalizeHeader(a.name)))
        .map((a) => a.name);
    const rowTotals = transitions.counts.map((row) => row.reduce((s, x) => s + x, 0));
    const columnTotals = transitions.states.map((_, j) =>
      transitions.counts.reduce((s, row) => s + row[j]!, 0),
    );
    return {
      file: data,
      rows: num(averages?.n),
      idColumn,
      transitions,
      tierMix: populationStabilityIndex(rowTotals, columnTotals),
      averageScore: { old: num(averages?.old), new: num(averages?.new) },
      movers: movers.map((m) => ({
        id: str(m.id) ?? '',
        row: num(m.r),
        old: { score: num(m.old_score), state: String(m.old_state) as TierState },
        new: { score: num(m.new_score), state: String(m.new_state) as TierState },
        change: num(m.new_score) - num(m.old_score),
      })),
      absentColumns: { old: absent(oldIcp), new: absent(newIcp) },
    };
  } finally {
    await opened.close();
  }
}
