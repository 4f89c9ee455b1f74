import { inListSql, numberSql, textSql } from '../../core/parse/cell-sql.js';
import { datePattern, dateSql } from '../../core/parse/dates.js';
import { WHITESPACE_CHARS } from '../../core/parse/patterns.js';
import { NULL_TOKENS, WHITESPACE } from '../../core/parse/tokens.js';
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

/**
 * `textExpr`'s value, for a column read once per row (the parse pass's ids and amounts): the
 * trim and the lower-cased null-token test are its cost (0.9 CPU-s for 3.3 million invoice ids
 * against 0.2 to copy them), and most cells need neither. A cell is trimmed only when its first
 * code point (`ascii`) or its last bytes are one of `WHITESPACE` (otherwise `trim` leaves it as
 * it is), and compared with the tokens only when it is empty or its first code point lower-cases
 * to a token's first character (the code points that do are those characters in either case:
 * `parse-sql.test.ts` checks every code point). Equal to `textExpr` for every cell.
 */
export function rowTextExpr(column: string): string {
  const cell = `CAST(${column} AS VARCHAR)`;
  const edge = inListSql('duckdb', `ascii(${cell})`, codePoints(WHITESPACE));
  const ends = WHITESPACE.map((c) => `ends_with(${cell}, ${quoteLiteral(c)})`);
  const trimmed = `(CASE WHEN ${edge} OR ${ends.join(' OR ')} THEN trim(${cell}, ${quoteLiteral(WHITESPACE_CHARS)}) ELSE ${cell} END)`;
  // ascii('') is 0.
  const firsts = NULL_TOKENS.flatMap((t) => [t[0]!.toLowerCase(), t[0]!.toUpperCase()]);
  const maybe = inListSql('duckdb', `ascii(${trimmed})`, ['0', ...new Set(codePoints(firsts))]);
  const token = inListSql('duckdb', `lower(${trimmed})`, ['', ...NULL_TOKENS].map(quoteLiteral));
  return `(CASE WHEN ${maybe} AND ${token} THEN NULL ELSE ${trimmed} END)`;
}

/** The code points of one-character strings, as SQL numbers. */
const codePoints = (chars: readonly string[]) => chars.map((c) => String(c.codePointAt(0)));

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
