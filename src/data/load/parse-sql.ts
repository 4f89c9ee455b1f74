import { numberSql, textSql } from '../../core/parse/cell-sql.js';
import { datePattern, dateSql } from '../../core/parse/dates.js';
import { quoteLiteral } from '../../core/sql/quote.js';

/**
 * SQL expressions (DuckDB) that turn a raw text value into a typed one, NULL where it does not
 * parse. Validation compares "filled but NULL after parsing" to find bad values, so the loader
 * and the checks share one definition of what parses, and that definition is core/parse's:
 * the scoring paths (library, batch, SQL, API) read a cell exactly as the loader does.
 */

/** Trimmed text, NULL when empty or a null token. */
export function textExpr(column: string): string {
  return textSql('duckdb', column);
}

/** `textExpr`'s value for a column read once per row (see `rowTextSql`). */
export { rowTextSql as rowTextExpr } from '../../core/parse/cell-sql.js';

/**
 * A number from text: digits with an optional sign, decimal point and exponent; thousands
 * separators only in their proper places ("1,234.5"); a currency symbol or code, a scale
 * ("1.2M"), a percent sign; accounting parentheses for negatives. See `parseNumber`.
 */
export function numberExpr(text: string): string {
  return numberSql('duckdb', text);
}

/**
 * A date from text: ISO dates and timestamps (the date as written), else the given strftime
 * formats in order. A format core/parse cannot read (a directive it lacks) is read by DuckDB's
 * strptime instead, after the others.
 */
export function dateExpr(text: string, formats: readonly string[]): string {
  const readable = formats.filter((f) => datePattern(f) !== undefined);
  const other = formats.filter((f) => datePattern(f) === undefined);
  const core = dateSql('duckdb', text, readable);
  if (other.length === 0) return core;
  const rest = other.map((f) => `CAST(try_strptime(${text}, ${quoteLiteral(f)}) AS DATE)`);
  return `COALESCE(${core}, ${rest.join(', ')})`;
}

/** Formats tried, in order, when a date column is not ISO and the config names none. */
export const GUESSABLE_DATE_FORMATS = [
  '%m/%d/%Y',
  '%d/%m/%Y',
  '%Y/%m/%d',
  '%d.%m.%Y',
  '%m/%d/%y',
  '%d-%m-%Y',
  '%d %b %Y',
  '%b %d, %Y',
  '%m/%d/%Y %H:%M',
  '%m/%d/%Y %H:%M:%S',
] as const;
