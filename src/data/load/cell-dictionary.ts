import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';
import type { ParsePass } from './parse-pass.js';

/**
 * A column is read through its distinct cells when it has at most this share of the table's
 * rows as distinct cells: a date, a category or an account id repeats its cells, and trimming
 * and parsing each distinct cell once, then joining the rows to them, is cheaper than reading
 * every cell. A column of unique cells (the table's own ids) would only add the join.
 */
const DICTIONARY_SHARE = 0.25;

/** Rows read to estimate a column's share of distinct cells. */
const SAMPLE_ROWS = 65_536;

/** A column read through its cells: the SQL values it gives (named `as`) of any cell. */
export interface CellReader {
  readonly header: string;
  readonly values: (cell: string) => readonly { readonly sql: string; readonly as: string }[];
}

/**
 * The SELECT entries and joins that read each column of `readers` over the rows `r` of
 * `source`: where a column's cells repeat, its values are computed once per distinct cell into
 * a small temporary table and the rows joined to it (NULL cells included, so every value is the
 * one the per-row SQL gives); else per row. The caller adds `ORDER BY` when `joins` is not
 * empty (a join does not keep the rows' order) and drops `tables` when done.
 */
export async function readThroughCells(
  db: Database,
  source: {
    readonly table: string;
    readonly rows: number;
    readonly stem: string;
    /** The table whose first rows are sampled, when `table`'s rows are not in the file's order. */
    readonly sample?: string;
  },
  readers: readonly CellReader[],
): Promise<{ select: string[]; joins: string[]; tables: string[] }> {
  const shared = await repeatedColumns(db, source, readers);
  const select: string[] = [];
  const joins: string[] = [];
  const tables: string[] = [];
  for (const [i, c] of readers.entries()) {
    const column = `r.${quoteIdent(c.header)}`;
    if (!shared.has(i)) {
      select.push(...c.values(column).map((v) => `${v.sql} AS ${v.as}`));
      continue;
    }
    const table = quoteIdent(`_cells_${source.stem}_${i}`);
    const values = c.values('c.k');
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT k, ${values.map((v, j) => `${v.sql} AS v${j}`).join(', ')} FROM (SELECT DISTINCT ${quoteIdent(c.header)} AS k FROM ${source.table}) AS c`,
    );
    tables.push(table);
    const d = `d${i}`;
    joins.push(`LEFT JOIN ${table} AS ${d} ON ${d}.k IS NOT DISTINCT FROM ${column}`);
    select.push(...values.map((v, j) => `${d}.v${j} AS ${v.as}`));
  }
  return { select, joins, tables };
}

/**
 * Creates the parse pass's table `parsed` (see parse-pass.ts) from the raw rows, each mapped
 * column's text and parsed value read through its distinct cells where they repeat. Returns the
 * cell tables to drop once the parsed table is no longer read, and whether its rows are in the
 * file's order (none was joined to its cells).
 */
export async function createParsedTable(
  db: Database,
  raw: RawSource,
  pass: ParsePass,
  parsed: string,
): Promise<{ tables: string[]; ordered: boolean }> {
  const readers = pass.cells.map(
    (c): CellReader => ({
      header: c.header,
      values: (cell) => {
        const e = c.exprs(cell);
        const text = { sql: e.text, as: c.alias.text };
        return c.alias.text === c.alias.parsed
          ? [text]
          : [text, { sql: e.parsed, as: c.alias.parsed }];
      },
    }),
  );
  const source = { table: raw.rawTable, rows: raw.rows, stem: raw.table };
  const cells = await readThroughCells(db, source, readers);
  // A join does not keep the raw rows' order, and the parsed table is not sorted back: the
  // checks and the duplicate-id check read each row's place from __icp_rid, and the typed
  // table, which needs the file's order, sorts once when it is made (`ordered` false).
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${parsed} AS SELECT ${[...pass.kept, ...cells.select].join(', ')} FROM ${raw.rawTable} AS r ${cells.joins.join(' ')}`,
  );
  return { tables: cells.tables, ordered: cells.joins.length === 0 };
}

/** The columns (by index in `readers`) whose distinct cells are few enough to share. */
async function repeatedColumns(
  db: Database,
  source: { readonly table: string; readonly rows: number; readonly sample?: string },
  readers: readonly CellReader[],
): Promise<Set<number>> {
  if (readers.length === 0) return new Set();
  const counts = readers.map((c, i) => `approx_count_distinct(${quoteIdent(c.header)}) AS n${i}`);
  // The first rows tell a repeating column from one of unique cells, for a fraction of a scan.
  const sample = Math.min(source.rows, SAMPLE_ROWS);
  const row =
    (await db.one(
      `SELECT ${counts.join(', ')} FROM (SELECT * FROM ${source.sample ?? source.table} LIMIT ${sample})`,
    )) ?? {};
  const limit = sample * DICTIONARY_SHARE;
  return new Set(readers.flatMap((_, i) => (num(row[`n${i}`]) <= limit ? [i] : [])));
}
