import { isBooleanSql, regexMatches } from '../../core/parse/cell-sql.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { formatCount } from '../../core/issues/data-issue.js';
import { showValue } from '../../core/issues/value-display.js';
import { type Database, num, type Row, str } from '../db/database.js';
import { createColumnValues, filledCells, rowsWhere } from './column-values.js';
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
 * Infers the type of each column of a raw table (every cell text) from its distinct cells
 * (`createColumnValues`): one query counts numbers, booleans and shapes for every column at
 * once; then one for the dates of a date-shaped column, one per list, and one per column with
 * unreadable cells for the first few of them.
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
  const values = '_icp_column_values';
  await createColumnValues(db, raw, headers, values);
  try {
    const stats = await cellCounts(db, values);
    const out: InferredColumn[] = [];
    for (const [i, header] of headers.entries()) {
      const column = { text: textExpr(`r.${quoteIdent(header)}`), cells: filledCells(values, i) };
      const type = await inferColumn(db, raw, column, stats.get(i), options.dateFormats ?? []);
      out.push({ header, type });
    }
    return out;
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${values}`);
  }
}

/** Per column (by number): filled cells, non-numbers, non-booleans, date shapes, non-years, separators. */
async function cellCounts(db: Database, values: string): Promise<Map<number, Row>> {
  // The cell is trimmed and parsed once per distinct cell, in the inner selects.
  const rows = await db.all(
    `SELECT col, ${rowsWhere('x IS NOT NULL')} AS f, ${rowsWhere('x IS NOT NULL AND n IS NULL')} AS nb,
      ${rowsWhere(`x IS NOT NULL AND NOT ${isBooleanSql('x')}`)} AS bb,
      ${rowsWhere(`x IS NOT NULL AND ${regexMatches('duckdb', 'x', DATE_SHAPE)}`)} AS ds,
      ${rowsWhere('n IS NOT NULL AND (n <> round(n) OR n NOT BETWEEN 1900 AND 2100)')} AS ny,
      ${LIST_SEPARATORS.map((s, k) => `${rowsWhere(`x IS NOT NULL AND contains(x, '${s}')`)} AS s${k}`).join(', ')}
    FROM (SELECT col, c, x, ${numberExpr('x')} AS n FROM (SELECT col, c, ${textExpr('v')} AS x FROM ${values}))
    GROUP BY col`,
  );
  return new Map(rows.map((r) => [num(r.col), r]));
}

/** One column's type from its counts; `text` is its cell's SQL over the raw table. */
async function inferColumn(
  db: Database,
  raw: RawRows,
  column: { text: string; cells: string },
  row: Row | undefined,
  dateFormats: readonly string[],
): Promise<InferredType> {
  const { text } = column;
  const at = (k: string) => num(row?.[k] ?? 0);
  const filled = at('f');
  if (filled === 0) return { kind: 'text' };
  if (at('bb') === 0) return { kind: 'boolean' };
  if (tolerated(at('nb'), filled)) {
    return {
      kind: 'number',
      unreadable: await unreadable(db, raw, text, numberExpr(text), at('nb'), filled),
      yearLike: at('nb') === 0 && at('ny') === 0,
    };
  }
  const date =
    at('ds') >= filled / 2
      ? await chooseDateFormat(db, column.cells, filled, dateFormats)
      : undefined;
  if (date && tolerated(date.failures, filled)) {
    const parsed = dateExpr(text, date.formats);
    return {
      kind: 'date',
      formats: date.formats,
      part: date.part,
      unreadable: await unreadable(db, raw, text, parsed, date.failures, filled),
    };
  }
  const seps = LIST_SEPARATORS.map((s, k) => ({ s, n: at(`s${k}`) }));
  const list = await listItems(db, column.cells, filled, seps);
  return list ? { kind: 'list', ...list } : { kind: 'text' };
}
/** Whether `bad` of `filled` cells is few enough for the column to keep its type. */
export function tolerated(bad: number, filled: number): boolean {
  if (filled === 0) return false;
  if (bad === 0) return true;
  return bad <= (1 - TOLERANCE.share) * filled && filled - bad >= TOLERANCE.min;
}

/**
 * The first few of a column's `count` unreadable cells, with their rows: a scan of the raw
 * table only when there are some (the count comes from the typing counts).
 */
async function unreadable(
  db: Database,
  raw: RawRows,
  text: string,
  parsed: string,
  count: number,
  filled: number,
): Promise<Unreadable> {
  if (count === 0) return { count, filled, examples: [] };
  const rows = await db.all(
    `SELECT r.rowid AS rid, ${text} AS v FROM ${raw.rawTable} AS r
     WHERE ${text} IS NOT NULL AND ${parsed} IS NULL ORDER BY r.rowid LIMIT 3`,
  );
  return {
    count,
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
