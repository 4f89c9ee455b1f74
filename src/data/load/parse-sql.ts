import { quoteLiteral } from '../../core/sql/quote.js';

/**
 * SQL expressions that turn a raw text value into a typed one, NULL where it does not parse.
 * Validation compares "filled but NULL after parsing" to find bad values, so the loader and
 * the checks share one definition of what parses.
 */

/** Tokens that mean "no value" in exports. */
const NULL_TOKENS = ['na', 'n/a', 'null', 'none', 'nan', '-', '#n/a'];

/**
 * Trimmed text, NULL when empty or a null token. The tokens are a list literal, not an IN
 * list: DuckDB plans an IN list of six or more values as a join, and a projection over a few
 * hundred columns then took minutes and gigabytes to plan (500 columns x 100 rows ran out of
 * memory); `list_contains` stays a plain function.
 */
export function textExpr(column: string): string {
  const t = `trim(CAST(${column} AS VARCHAR))`;
  return `CASE WHEN ${t} = '' OR list_contains([${NULL_TOKENS.map(quoteLiteral).join(', ')}], lower(${t})) THEN NULL ELSE ${t} END`;
}

/**
 * A number from text: digits with an optional sign, decimal point and exponent; thousands
 * separators only in their proper places ("1,234.5"); a leading currency symbol is allowed.
 */
export function numberExpr(text: string): string {
  const grouped = `regexp_full_match(${text}, '[+-]?[$€£]?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?')`;
  const plain = `regexp_full_match(${text}, '[+-]?[$€£]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?')`;
  const stripped = `regexp_replace(${text}, '[,$€£]', '', 'g')`;
  return `(CASE WHEN ${grouped} OR ${plain} THEN TRY_CAST(${stripped} AS DOUBLE) END)`;
}

/** A date from text: ISO dates and timestamps, else the given strftime formats in order. */
export function dateExpr(text: string, formats: readonly string[]): string {
  const parts = [
    `TRY_CAST(${text} AS DATE)`,
    `CAST(TRY_CAST(${text} AS TIMESTAMP) AS DATE)`,
    ...formats.map((f) => `CAST(try_strptime(${text}, ${quoteLiteral(f)}) AS DATE)`),
  ];
  return `COALESCE(${parts.join(', ')})`;
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
