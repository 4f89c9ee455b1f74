import { isBooleanSql, regexMatches } from '../../core/parse/cell-sql.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { formatCount } from '../../core/issues/data-issue.js';
import { showValue } from '../../core/issues/value-display.js';
import { type Database, num, str } from '../db/database.js';
import { chooseDateFormat, DATE_SHAPE } from './infer-dates.js';
import { LIST_SEPARATORS, type ListItem, listItems } from './infer-lists.js';
import { dateExpr, numberExpr, textExpr } from './parse-sql.js';

/**
 * What a column holds, read from its cells: one inference for `icp discover --data` and for a
 * config's extra account columns, so the same file means the same thing in both.
 *
 * - `boolean`: every filled cell is a yes-or-no spelling (yes/no, true/false, y/n, t/f);
 * - `number`: every filled cell is a number, or all but a few (see `TOLERANCE`): the others
 *   are read as missing and named in `unreadable`;
 * - `date`: likewise for dates (ISO, a month "2012-06", a quarter "2012-Q2", or one common
 *   format), used as an age at the data's as-of date;
 * - `list`: set-valued cells ("AWS;HubSpot;Slack"), used as has-X attributes;
 * - `text`: anything else, a category.
 */
export type InferredType =
  | { readonly kind: 'text' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'number'; readonly unreadable: Unreadable; readonly yearLike: boolean }
  | {
      readonly kind: 'date';
      /** strftime formats after ISO; empty when ISO. */
      readonly formats: readonly string[];
      /** 'month' or 'quarter' when the cells are "2012-06" or "2012-Q2". */
      readonly part: 'day' | 'month' | 'quarter';
      readonly unreadable: Unreadable;
    }
  | {
      readonly kind: 'list';
      readonly separator: ';' | '|' | ',';
      readonly items: readonly ListItem[];
    };

/** Filled cells that did not read as the column's type, with the first few and their rows. */
export interface Unreadable {
  readonly count: number;
  readonly filled: number;
  readonly examples: readonly { readonly row: number; readonly value: string }[];
}

export interface InferredColumn {
  readonly header: string;
  readonly type: InferredType;
}

/**
 * A column is a number (or a date) when at least this share of its filled cells reads as one
 * and at least `min` do; the rest are read as missing with a warning. Below `min` readable
 * cells a single bad cell keeps the column a category: too few cells to tell.
 */
export const TOLERANCE = { share: 0.98, min: 50 } as const;

/** The raw table a file was read into, and how its rowid maps to the row the user sees. */
export interface RawRows {
  readonly rawTable: string;
  readonly rowBase: number;
}

/**
 * Infers the type of each column of a raw table (every cell text) in a few scans: one for
 * numbers, booleans and shapes; one for the dates of date-shaped columns; one per list.
 *
 * @example const types = await inferColumnTypes(db, raw, ['funding_total_usd', 'founded_at']);
 */
export async function inferColumnTypes(
  db: Database,
  raw: RawRows,
  headers: readonly string[],
  options: { dateFormats?: readonly string[] } = {},
): Promise<InferredColumn[]> {
  if (headers.length === 0) return [];
  const texts = headers.map((h) => textExpr(`r.${quoteIdent(h)}`));
  const out: InferredColumn[] = [];
  for (const [i, header] of headers.entries()) {
    const text = texts[i] as string;
    out.push({ header, type: await inferColumn(db, raw, text, options.dateFormats ?? []) });
  }
  return out;
}

/**
 * One column's type. A query per column: DuckDB plans one query over many columns' long
 * parsing expressions much more slowly than it runs several small ones.
 */
async function inferColumn(
  db: Database,
  raw: RawRows,
  text: string,
  dateFormats: readonly string[],
): Promise<InferredType> {
  // The cell is trimmed and parsed once, in the inner selects; the aggregates count.
  const row =
    (await db.one(
      `SELECT count(x) AS f, count(x) FILTER (WHERE n IS NULL) AS nb,
        count(x) FILTER (WHERE NOT ${isBooleanSql('x')}) AS bb,
        count(x) FILTER (WHERE ${regexMatches('duckdb', 'x', DATE_SHAPE)}) AS ds,
        count(n) FILTER (WHERE n <> round(n) OR n NOT BETWEEN 1900 AND 2100) AS ny,
        ${LIST_SEPARATORS.map((s, k) => `count(x) FILTER (WHERE contains(x, '${s}')) AS s${k}`).join(', ')}
      FROM (SELECT x, ${numberExpr('x')} AS n FROM (SELECT ${text} AS x FROM ${raw.rawTable} AS r))`,
    )) ?? {};
  const filled = num(row.f);
  const at = (k: string) => num(row[k]);
  if (filled === 0) return { kind: 'text' };
  if (at('bb') === 0) return { kind: 'boolean' };
  if (tolerated(at('nb'), filled)) {
    return {
      kind: 'number',
      unreadable: await unreadable(db, raw, text, numberExpr(text), filled),
      yearLike: at('nb') === 0 && at('ny') === 0,
    };
  }
  const date =
    at('ds') >= filled / 2 ? await chooseDateFormat(db, raw, text, filled, dateFormats) : undefined;
  if (date && tolerated(date.failures, filled)) {
    return {
      kind: 'date',
      formats: date.formats,
      part: date.part,
      unreadable: await unreadable(db, raw, text, dateExpr(text, date.formats), filled),
    };
  }
  const seps = LIST_SEPARATORS.map((s, k) => ({ s, n: at(`s${k}`) }));
  const list = await listItems(db, raw, text, filled, seps);
  return list ? { kind: 'list', ...list } : { kind: 'text' };
}
/** Whether `bad` of `filled` cells is few enough for the column to keep its type. */
function tolerated(bad: number, filled: number): boolean {
  if (filled === 0) return false;
  if (bad === 0) return true;
  return bad <= (1 - TOLERANCE.share) * filled && filled - bad >= TOLERANCE.min;
}

async function unreadable(
  db: Database,
  raw: RawRows,
  text: string,
  parsed: string,
  filled: number,
): Promise<Unreadable> {
  const rows = await db.all(
    `SELECT r.rowid AS rid, ${text} AS v, count(*) OVER () AS n FROM ${raw.rawTable} AS r
     WHERE ${text} IS NOT NULL AND ${parsed} IS NULL ORDER BY r.rowid LIMIT 3`,
  );
  return {
    count: num(rows[0]?.n ?? 0),
    filled,
    examples: rows.map((r) => ({ row: num(r.rid) + raw.rowBase, value: str(r.v) ?? '' })),
  };
}

/**
 * "13 of 16,222 filled cells are not numbers and are read as missing: row 7714 "5/18/27",
 * row 7717 "8/21/58", row 7756 "12/9/37" and 10 more."
 */
export function unreadableSentence(u: Unreadable, what: 'numbers' | 'dates'): string {
  const shown = u.examples.map((e) => `row ${e.row} ${showValue(e.value)}`).join(', ');
  const more =
    u.count > u.examples.length ? ` and ${formatCount(u.count - u.examples.length)} more` : '';
  return `${formatCount(u.count)} of ${formatCount(u.filled)} filled cells are not ${what} and are read as missing: ${shown}${more}.`;
}
