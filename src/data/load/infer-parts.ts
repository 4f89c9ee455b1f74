import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num, type Row } from '../db/database.js';
import { distinctValues, rowsWhere } from './column-values.js';
import type { InferredColumn, RawRows } from './infer-types.js';
import { dateExpr, textExpr } from './parse-sql.js';

/** A column that repeats part of a date column: its month, its quarter or its year. */
export interface DerivedPart {
  readonly of: string;
  readonly part: 'month' | 'quarter' | 'year';
}

/** A part column agrees with its date on at least this share of the rows where both are filled. */
const AGREEMENT = 0.98;

/**
 * Columns that are a date broken into parts ("founded_month" 2012-06, "founded_quarter"
 * 2012-Q2, "founded_year" 2012 beside "founded_at" 2012-06-01): near-duplicates of the date,
 * left out so the date enters once, as an age. A part is matched to a full date column when
 * they agree on nearly every row where both are filled.
 */
export async function derivedParts(
  db: Database,
  raw: RawRows,
  columns: readonly InferredColumn[],
): Promise<Map<string, DerivedPart>> {
  const dates = columns.filter((c) => c.type.kind === 'date' && c.type.part === 'day');
  const parts = columns.flatMap((c): { header: string; part: DerivedPart['part'] }[] => {
    if (c.type.kind === 'date' && c.type.part !== 'day')
      return [{ header: c.header, part: c.type.part }];
    if (c.type.kind === 'number' && c.type.yearLike) return [{ header: c.header, part: 'year' }];
    return [];
  });
  const found = new Map<string, DerivedPart>();
  if (dates.length === 0 || parts.length === 0) return found;
  // A heuristic, so DuckDB's own casts do (a full parse of every date costs more than it adds).
  const dateSql = dates.map((d) =>
    d.type.kind === 'date' && d.type.formats.length > 0
      ? dateExpr(textExpr('v1'), d.type.formats)
      : `TRY_CAST(${textExpr('v1')} AS DATE)`,
  );
  for (const p of parts) {
    const counts: Row[] = [];
    for (const [j, d] of dates.entries())
      counts.push(await agreement(db, raw, p, d.header, dateSql[j] as string));
    const match = dates.find((_, j) => {
      const row = counts[j] ?? {};
      const both = num(row.b);
      return both > 0 && both >= num(row.f) / 2 && num(row.a) >= AGREEMENT * both;
    });
    if (match) found.set(p.header, { of: match.header, part: p.part });
  }
  return found;
}

/**
 * Rows where the part is filled (`f`), where the part and the date both are (`b`), and where
 * they agree (`a`). Each distinct (part, date) pair of cells is parsed once and counts for its
 * rows (`distinctValues`): the counts are those of a scan of the rows. `dateSql` reads `v1`.
 */
async function agreement(
  db: Database,
  raw: RawRows,
  p: { header: string; part: DerivedPart['part'] },
  date: string,
  dateSql: string,
): Promise<Row> {
  const same =
    p.part === 'year'
      ? 'TRY_CAST(p AS INTEGER) = year(d)'
      : p.part === 'month'
        ? "p = strftime(d, '%Y-%m')"
        : "p = concat(year(d), '-Q', quarter(d))";
  const pairs = distinctValues(`${raw.rawTable} AS r`, [
    `r.${quoteIdent(p.header)}`,
    `r.${quoteIdent(date)}`,
  ]);
  return (
    (await db.one(
      `SELECT ${rowsWhere('p IS NOT NULL')} AS f, ${rowsWhere('p IS NOT NULL AND d IS NOT NULL')} AS b,
        ${rowsWhere(same)} AS a
      FROM (SELECT upper(${textExpr('v0')}) AS p, ${dateSql} AS d, c FROM ${pairs})`,
    )) ?? {}
  );
}
