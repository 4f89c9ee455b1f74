import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num, str } from '../db/database.js';

/**
 * A table of at most this many distinct cells (not NULL) is read by each row's code in an ENUM
 * of its cells: DuckDB's cast to an ENUM looks the cell up per row, and its cost grows with the
 * ENUM (5,000,000 rows: 0.60 CPU-s at 1,700 cells, 2.47 at 26,000, against 0.46-0.48 for the
 * join); a larger one is joined.
 */
const LOOKUP_CELLS = 4_096;

/** How rows read a column's values from its table of distinct cells, without a join. */
export interface CellLookup {
  /** One SQL expression per value of the table (`v0`, `v1`, ...) over the row's cell. */
  readonly exprs: readonly string[];
  /** Statements to run once the rows' statement has run (the ENUM type, the variables). */
  readonly cleanup: readonly string[];
}

/**
 * Reads each value `v<j>` of the cell table `table` (its cells in `k`, NULL included) at the
 * row's cell `column` without joining the rows to it, so a statement keeps the rows' order (a
 * join on two threads does not, and the typed table then sorts the whole table back):
 * - a text value that equals its cell for every cell (an id, a category written cleanly: no
 *   spaces to trim, no null token) is the cell itself;
 * - a value that DuckDB's `TRY_CAST` of the cell to its type gives for every cell (a plain
 *   amount, an ISO date) is that cast, at any number of cells (`castOf`);
 * - otherwise, when the table has at most LOOKUP_CELLS cells, the values go into a list (a
 *   variable, a constant of the statement) in the order of an ENUM of the cells, each row's
 *   value the list's entry at its cell's ENUM code, and a NULL cell's value the list's last.
 * Undefined when a value needs the join (cells that are not text, a larger table, or no cell but
 * NULL). The values are the table's own, so every row reads what the join gives it. `name` names
 * the ENUM type and the variables.
 */
export async function cellLookup(
  db: Database,
  table: string,
  name: string,
  count: number,
  column: string,
): Promise<CellLookup | undefined> {
  const types = await db.all(`DESCRIBE ${table}`);
  const typeOf = new Map(types.map((c) => [str(c.column_name) ?? '', str(c.column_type) ?? '']));
  const text = new Set([...typeOf].flatMap(([c, t]) => (t === 'VARCHAR' ? [c] : [])));
  // Cells of a typed file (a Parquet DATE, a database's numbers) are joined as before: an ENUM
  // holds text, and DuckDB casts no other type to one.
  if (!text.has('k')) return undefined;
  const values = Array.from({ length: count }, (_, j) => `v${j}`);
  const tests = values.map((v) =>
    text.has(v) ? `bool_and(${v} IS NOT DISTINCT FROM k)` : 'false',
  );
  const casts = values.map((v) => castOf(v, typeOf.get(v)));
  const row = await db.one(
    `SELECT count(k) AS n, ${tests.map((t, j) => `${t} AS same${j}, ${casts[j]?.test ?? 'false'} AS cast${j}`).join(', ')} FROM ${table}`,
  );
  const same = values.map((_, j) => row?.[`same${j}`] === true);
  const cast = values.map((_, j) => !same[j] && row?.[`cast${j}`] === true);
  const direct = (j: number) => (same[j] ? column : casts[j]!.of(column));
  if (values.every((_, j) => same[j] || cast[j]))
    return { exprs: values.map((_, j) => direct(j)), cleanup: [] };
  const cells = num(row?.n);
  if (cells === 0 || cells > LOOKUP_CELLS) return undefined;
  const type = quoteIdent(`${name}_enum`);
  const code = (cell: string) => `enum_code(CAST(${cell} AS ${type}))`;
  await db.run(
    `CREATE OR REPLACE TEMP TYPE ${type} AS ENUM (SELECT k FROM ${table} WHERE k IS NOT NULL)`,
  );
  const cleanup = [`DROP TYPE ${type}`];
  const exprs = [];
  for (const [j, v] of values.entries()) {
    if (same[j] || cast[j]) {
      exprs.push(direct(j));
      continue;
    }
    const variable = `${name}_${v}`;
    await db.run(
      `SET VARIABLE ${quoteIdent(variable)} = (SELECT list_append(list(${v} ORDER BY ${code('k')}) FILTER (WHERE k IS NOT NULL), any_value(${v}) FILTER (WHERE k IS NULL)) FROM ${table})`,
    );
    exprs.push(`getvariable(${quoteLiteral(variable)})[coalesce(${code(column)}, ${cells}) + 1]`);
    cleanup.push(`RESET VARIABLE ${quoteIdent(variable)}`);
  }
  return { exprs, cleanup };
}

/** Types a cell is cast to (`TRY_CAST`) in place of its value when the cast gives that value. */
const CAST_TYPES = new Set(['DOUBLE', 'DATE', 'BIGINT', 'INTEGER', 'BOOLEAN']);

/**
 * A value `v` of type `type` read as DuckDB's `TRY_CAST` of the row's cell, with the test (an
 * aggregate over the cell table) that the cast gives every cell's value: the same value and the
 * same text (so -0.0 is not taken for 0.0), NULL where the value is NULL. A plain number or ISO
 * date (a deal's amount, a usage value, an invoice's date) is then read by one cast per row
 * instead of a join or a lookup, and the rows keep their order.
 */
function castOf(
  v: string,
  type: string | undefined,
): { test: string; of: (cell: string) => string } | undefined {
  if (type === undefined || !CAST_TYPES.has(type)) return undefined;
  const of = (cell: string) => `TRY_CAST(${cell} AS ${type})`;
  return {
    test: `bool_and(CAST(${v} AS VARCHAR) IS NOT DISTINCT FROM CAST(${of('k')} AS VARCHAR))`,
    of,
  };
}
