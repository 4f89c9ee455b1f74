import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';
import { cellLookup } from './cell-lookup.js';
import type { ParsePass } from './parse-pass.js';
import { rowTextExpr } from './parse-sql.js';

/**
 * A column is read through its distinct cells when it has at most this share of the table's
 * rows as distinct cells: a date, a category or an account id repeats its cells, and trimming
 * and parsing each distinct cell once, then joining the rows to them, is cheaper than reading
 * every cell. A column of unique cells (the table's own ids) would only add the join.
 */
const DICTIONARY_SHARE = 0.25;

/** Rows read to estimate a column's share of distinct cells. */
const SAMPLE_ROWS = 65_536;

/** One SQL value of a column (named `as`). */
interface CellValue {
  readonly sql: string;
  readonly as: string;
}

/** A column read through its cells: the SQL values it gives (named `as`) of any cell. */
export interface CellReader {
  readonly header: string;
  readonly values: (cell: string) => readonly CellValue[];
  /**
   * When the column is read per row, its values as an expression of each cell computed once in
   * an inner projection (`first`, e.g. a number's text) and values over the column holding it:
   * the same values as `values`, without repeating `first` inside their CASEs.
   */
  readonly perRow?: {
    readonly first: (cell: string) => string;
    readonly values: (first: string) => readonly CellValue[];
  };
}

/**
 * The SELECT entries and joins that read each column of `readers` over the rows `r` of
 * `source`: where a column's cells repeat, its values are computed once per distinct cell into
 * a small temporary table, which the rows read without a join where they can (`cellLookup`:
 * the cell itself, or a list's entry at the cell's ENUM code), else joined to it (NULL cells
 * included, so every value is the one the per-row SQL gives); else per row. The caller adds
 * `ORDER BY` when `joins` is not empty (a join does not keep the rows' order), runs `cleanup`
 * once its statement has run and drops `tables` when done. A column read per row with
 * `perRow` puts its first expression in `inner`, named `__icp_s<i>`: the caller then reads the
 * rows `r` from a projection of `source` holding them.
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
): Promise<{
  select: string[];
  joins: string[];
  tables: string[];
  cleanup: string[];
  inner: string[];
  /** The headers of the columns read per row (their cells do not repeat). */
  perRow: string[];
}> {
  const shared = await repeatedColumns(db, source, readers);
  const select: string[] = [];
  const joins: string[] = [];
  const tables: string[] = [];
  const cleanup: string[] = [];
  const inner: string[] = [];
  const perRow = readers.flatMap((c, i) => (shared.has(i) ? [] : [c.header]));
  for (const [i, c] of readers.entries()) {
    const column = `r.${quoteIdent(c.header)}`;
    if (!shared.has(i) && c.perRow) {
      inner.push(`${c.perRow.first(column)} AS __icp_s${i}`);
      select.push(...c.perRow.values(`r.__icp_s${i}`).map((v) => `${v.sql} AS ${v.as}`));
      continue;
    }
    if (!shared.has(i)) {
      select.push(...c.values(column).map((v) => `${v.sql} AS ${v.as}`));
      continue;
    }
    const name = `_cells_${source.stem}_${i}`;
    const table = quoteIdent(name);
    const values = c.values('c.k');
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT k, ${values.map((v, j) => `${v.sql} AS v${j}`).join(', ')} FROM (SELECT DISTINCT ${quoteIdent(c.header)} AS k FROM ${source.table}) AS c`,
    );
    const lookup = await cellLookup(db, table, name, values.length, column);
    if (lookup) {
      await db.run(`DROP TABLE ${table}`);
      select.push(...values.map((v, j) => `${lookup.exprs[j]} AS ${v.as}`));
      cleanup.push(...lookup.cleanup);
      continue;
    }
    tables.push(table);
    const d = `d${i}`;
    joins.push(`LEFT JOIN ${table} AS ${d} ON ${d}.k IS NOT DISTINCT FROM ${column}`);
    select.push(...values.map((v, j) => `${d}.v${j} AS ${v.as}`));
  }
  return { select, joins, tables, cleanup, inner, perRow };
}

/**
 * Creates the parse pass's table `parsed` (see parse-pass.ts) from the raw rows, each mapped
 * column's text and parsed value read through its distinct cells where they repeat. Returns the
 * cell tables to drop once the parsed table is no longer read, and whether its rows are in the
 * file's order (none was joined to its cells), the headers of the columns read per row
 * (`perRow`: their cells do not repeat), and whether `parsed` is a view of the raw rows (`view`:
 * drop it as one) rather than a table.
 */
export async function createParsedTable(
  db: Database,
  raw: RawSource,
  pass: ParsePass,
  parsed: string,
): Promise<{ tables: string[]; ordered: boolean; perRow: readonly string[]; view: boolean }> {
  const readers = pass.cells.map((c): CellReader => {
    const parse = c.parse;
    return {
      header: c.header,
      values: (cell) => {
        const e = c.exprs(cell);
        const text = { sql: e.text, as: c.alias.text };
        return c.alias.text === c.alias.parsed
          ? [text]
          : [text, { sql: e.parsed, as: c.alias.parsed }];
      },
      // A number's or a date's text per row: rowTextExpr (textExpr's value, cheaper) once in
      // the inner projection, parsed from that column.
      ...(parse && {
        perRow: {
          first: rowTextExpr,
          values: (text: string) => [
            { sql: text, as: c.alias.text },
            { sql: parse(text), as: c.alias.parsed },
          ],
        },
      }),
    };
  });
  const source = { table: raw.rawTable, rows: raw.rows, stem: raw.table };
  const cells = await readThroughCells(db, source, readers);
  const kept = pass.kept.map((h) => `r.${quoteIdent(h)}`);
  // A join does not keep the raw rows' order, and the parsed table is not sorted back: the
  // checks and the duplicate-id check read each row's place from __icp_rid, and the typed
  // table, which needs the file's order, sorts once when it is made (`ordered` false).
  const select = [...kept, `${cells.inner.length > 0 ? 'r.__icp_rid' : 'r.rowid AS __icp_rid'}`];
  // Rows read without a join or a lookup (each value an expression of its own row's cells) are
  // a view: the checks and the typed table compute the expressions as they scan the raw rows,
  // and no copy of the table's text is made and held in memory beside the raw table. A number
  // or a date parsed per row (`inner`) is computed once into a table instead.
  const view = cells.joins.length === 0 && cells.cleanup.length === 0 && cells.inner.length === 0;
  await db.run(
    `CREATE OR REPLACE TEMP ${view ? 'VIEW' : 'TABLE'} ${parsed} AS SELECT ${[...select, ...cells.select].join(', ')} FROM ${rowsWith(raw.rawTable, pass, cells.inner)} AS r ${cells.joins.join(' ')}`,
  );
  for (const sql of cells.cleanup) await db.run(sql);
  return { tables: cells.tables, ordered: cells.joins.length === 0, perRow: cells.perRow, view };
}

/**
 * The raw rows, or with `inner` expressions a projection of them: the rowid as `__icp_rid`, the
 * raw columns the parse pass reads by header, and `inner` (DuckDB computes a projected
 * column once per row, while an expression repeated inside a CASE runs each time).
 */
function rowsWith(rawTable: string, pass: ParsePass, inner: readonly string[]): string {
  if (inner.length === 0) return rawTable;
  const headers = [...new Set([...pass.kept, ...pass.cells.map((c) => c.header)])];
  const columns = ['r.rowid AS __icp_rid', ...headers.map((h) => `r.${quoteIdent(h)}`), ...inner];
  return `(SELECT ${columns.join(', ')} FROM ${rawTable} AS r)`;
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
