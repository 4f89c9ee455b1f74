import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num } from '../db/database.js';
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
  const dateSql = dates.map((d) => {
    const t = textExpr(`r.${quoteIdent(d.header)}`);
    return d.type.kind === 'date' && d.type.formats.length > 0
      ? dateExpr(t, d.type.formats)
      : `TRY_CAST(${t} AS DATE)`;
  });
  for (const p of parts) {
    const inner = [
      `upper(${textExpr(`r.${quoteIdent(p.header)}`)}) AS p`,
      ...dateSql.map((s, j) => `${s} AS d${j}`),
    ].join(', ');
    const aggregates = dates.flatMap((_, j) => {
      const same =
        p.part === 'year'
          ? `TRY_CAST(p AS INTEGER) = year(d${j})`
          : p.part === 'month'
            ? `p = strftime(d${j}, '%Y-%m')`
            : `p = concat(year(d${j}), '-Q', quarter(d${j}))`;
      return [
        `count(*) FILTER (WHERE p IS NOT NULL AND d${j} IS NOT NULL) AS b${j}`,
        `count(*) FILTER (WHERE ${same}) AS a${j}`,
      ];
    });
    const row =
      (await db.one(
        `SELECT count(p) AS f, ${aggregates.join(', ')} FROM (SELECT ${inner} FROM ${raw.rawTable} AS r)`,
      )) ?? {};
    const match = dates.find((_, j) => {
      const both = num(row[`b${j}`]);
      return both > 0 && both >= num(row.f) / 2 && num(row[`a${j}`]) >= AGREEMENT * both;
    });
    if (match) found.set(p.header, { of: match.header, part: p.part });
  }
  return found;
}
