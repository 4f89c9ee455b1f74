/** How bench/quality.ts types a prepared set's columns for the baselines (pandas-like). */
import { quoteIdent } from '../../src/core/sql/quote.js';
import type { Database } from '../../src/data/db/database.js';

/**
 * Numeric when every filled value (blank and NA are empty, as pandas reads them) is a number;
 * a date when every one is an ISO date (the baselines take its day number); text otherwise.
 * "Every" allows 1% of stray cells, read as missing (Crunchbase's funding has 13 Excel-mangled
 * cells in 16,222, SOURCE.md): otherwise the baselines would one-hot a money column. None of
 * BASELINES.md's four sets has such a column, so their baselines are as published.
 */
export async function columnTypes(
  db: Database,
  columns: string[],
): Promise<Record<string, string>> {
  const filled = (c: string) => `NULLIF(NULLIF(trim(${quoteIdent(c)}), ''), 'NA')`;
  const all = (c: string, type: string) =>
    `count(TRY_CAST(${filled(c)} AS ${type})) >= 0.99 * count(${filled(c)}) AND count(${filled(c)}) > 0`;
  const row = await db.one(
    `SELECT ${columns.map((c, i) => `${all(c, 'DOUBLE')} AS n${i}, ${all(c, 'DATE')} AS d${i}`).join(', ')} FROM d`,
  );
  return Object.fromEntries(
    columns.map((c, i) => [
      c,
      row?.[`n${i}`] === true ? 'number' : row?.[`d${i}`] === true ? 'date' : 'text',
    ]),
  );
}

/** The SQL of a column as the baselines read it: a number, a date's day number, or its text. */
export function typedColumn(column: string, type: string): string {
  const c = `trim(${quoteIdent(column)})`;
  if (type === 'number') return `TRY_CAST(${c} AS DOUBLE)`;
  if (type === 'date') return `date_diff('day', DATE '1970-01-01', TRY_CAST(${c} AS DATE))::DOUBLE`;
  return quoteIdent(column);
}
