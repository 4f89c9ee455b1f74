import { quoteIdent } from '../../core/sql/quote.js';
import type { Database } from '../db/database.js';
import type { RawRows } from './infer-types.js';
import { textExpr } from './parse-sql.js';

/**
 * The distinct cells of each column of a raw table with how many rows hold each: one short
 * GROUP BY per column (DuckDB reads a column of a million rows in milliseconds), so the
 * questions typing asks of a cell (is it a number? a date in this format?) are computed once
 * per distinct cell, not once per row, and every column is answered by one query. A column
 * of repeated values (a category, an age, a flag) has a few hundred distinct cells at any
 * row count; a column of all-distinct cells costs one grouping more than a scan.
 *
 * Columns are numbered by their position in `headers` (`col`); `v` is the cell as text
 * (`CAST ... AS VARCHAR`, which is what `textExpr` reads first); `c` its row count.
 */
export async function createColumnValues(
  db: Database,
  raw: RawRows,
  headers: readonly string[],
  table: string,
): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${table} (col INTEGER, v VARCHAR, c BIGINT)`);
  // Short statements: one per batch of columns, each column its own GROUP BY.
  for (let i = 0; i < headers.length; i += VALUE_BATCH) {
    const selects = headers
      .slice(i, i + VALUE_BATCH)
      .map(
        (h, j) =>
          `SELECT ${i + j} AS col, CAST(r.${quoteIdent(h)} AS VARCHAR) AS v, count(*) AS c FROM ${raw.rawTable} AS r GROUP BY v`,
      );
    await db.run(`INSERT INTO ${table} ${selects.join(' UNION ALL ')}`);
  }
}

/** Columns grouped per INSERT statement. */
const VALUE_BATCH = 16;

/**
 * A subquery of one column's filled distinct cells as the typing queries read them: `x` the
 * trimmed text (`textExpr`), `c` its rows; NULL (empty, a null token) cells left out.
 */
export function filledCells(table: string, col: number): string {
  return `(SELECT x, c FROM (SELECT ${textExpr('v')} AS x, c FROM ${table} WHERE col = ${col}) WHERE x IS NOT NULL)`;
}

/** `count(x) FILTER (WHERE cond)` over rows, as a sum of row counts over distinct cells. */
export function rowsWhere(cond: string): string {
  return `CAST(coalesce(sum(c) FILTER (WHERE ${cond}), 0) AS BIGINT)`;
}

/**
 * A subquery of the distinct combinations of some values over a table's rows, `v0`, `v1`, ...
 * in the order given, with `c` the rows holding each: a question asked of the values (a date's
 * parse, whether a part matches its date) is then asked once per combination and weighted by
 * `c` (`rowsWhere`), not once per row. `from` is a FROM clause (`raw_data AS r`), `values` SQL
 * over it.
 */
export function distinctValues(from: string, values: readonly string[]): string {
  const select = values.map((v, i) => `${v} AS v${i}`).join(', ');
  return `(SELECT ${select}, count(*) AS c FROM ${from} GROUP BY ALL)`;
}
