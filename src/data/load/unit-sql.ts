import { INTERVAL_MONTHS, intervalMonths } from '../../core/model/billing-interval.js';
import { showValue } from '../../core/issues/value-display.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import type { ResolvedColumn } from '../source/resolve-columns.js';
import type { RowCheck } from './column-checks.js';
import { numberExpr, textExpr } from './parse-sql.js';

/**
 * SQL for the units a column mapping declares: unix times read as dates (`epoch`), and amounts
 * given per billing interval and per seat turned into monthly amounts (`per`, `quantity`).
 */

/**
 * A date from a unix time in seconds or milliseconds ("1700000000" -> 2023-11-14), else NULL.
 * The UTC date, by arithmetic: DuckDB's timestamp casts follow the machine's time zone, and
 * the same file must give the same dates everywhere.
 */
export function epochDateExpr(text: string, epoch: 'seconds' | 'milliseconds'): string {
  const perDay = epoch === 'seconds' ? 86_400 : 86_400_000;
  return `(CASE WHEN regexp_full_match(${text}, '[0-9]+(\\.[0-9]+)?') THEN DATE '1970-01-01' + CAST(floor(TRY_CAST(${text} AS DOUBLE) / ${perDay}) AS INTEGER) END)`;
}

/** SQL key of an interval word, matching `intervalKey` in core. */
const intervalKeyExpr = (text: string) => `regexp_replace(lower(${text}), '[^a-z]', '', 'g')`;

/** Months in the interval of a row: a constant, or looked up from the row's interval column. */
function monthsExpr(per: string, row: string): string {
  const constant = intervalMonths(per);
  if (constant !== undefined) return String(constant);
  const key = intervalKeyExpr(textExpr(`${row}.${quoteIdent(per)}`));
  const cases = Object.entries(INTERVAL_MONTHS)
    .map(([word, months]) => `WHEN ${quoteLiteral(word)} THEN ${months}`)
    .join(' ');
  return `(CASE ${key} ${cases} END)`;
}

/**
 * A parsed amount in the canonical unit: times the scale (divided, when the scale is 1/n, so
 * cents read 1999 -> 19.99 exactly), times the quantity, divided by the months per interval.
 */
export function applyUnits(parsed: string, col: ResolvedColumn, row: string): string {
  const inverse = 1 / col.scale;
  let out =
    col.scale === 1
      ? parsed
      : Number.isInteger(inverse)
        ? `${parsed} / ${inverse}`
        : `${parsed} * ${col.scale}`;
  if (col.quantity !== undefined) {
    out = `${out} * coalesce(${numberExpr(textExpr(`${row}.${quoteIdent(col.quantity)}`))}, 1)`;
  }
  if (col.per !== undefined) out = `${out} / ${monthsExpr(col.per, row)}`;
  return `(${out})`;
}

/** Row checks of the columns a mapping's units read: intervals that are no interval, bad quantities. */
export function unitChecks(col: ResolvedColumn, row: string, table: string): RowCheck[] {
  const checks: RowCheck[] = [];
  if (col.per !== undefined && intervalMonths(col.per) === undefined) {
    const text = textExpr(`${row}.${quoteIdent(col.per)}`);
    checks.push({
      code: 'bad_number',
      severity: 'error',
      column: col.per,
      when: `${text} IS NOT NULL AND ${monthsExpr(col.per, row)} IS NULL`,
      show: text,
      describe: (v) =>
        `${showValue(v)} is not a billing interval. Use day, week, month, quarter or year, or set sources.${table}.columns.<column>.per to the interval all rows share.`,
    });
  }
  if (col.quantity !== undefined) {
    const text = textExpr(`${row}.${quoteIdent(col.quantity)}`);
    checks.push({
      code: 'bad_number',
      severity: 'error',
      column: col.quantity,
      when: `${text} IS NOT NULL AND ${numberExpr(text)} IS NULL`,
      show: text,
      describe: (v) => `${showValue(v)} is not a quantity. Use digits only.`,
    });
  }
  return checks;
}
