import { CURRENCY_CODES, CURRENCY_SYMBOLS, MULTIPLIERS, WHITESPACE } from './tokens.js';

/**
 * Regular expressions shared by the TypeScript parser and the SQL of DuckDB (RE2) and
 * PostgreSQL (ARE). They use only what the three engines read alike: bracket classes, `?`,
 * `*`, `+`, `{m,n}`, `(?:...)` and `|`, no backslash escapes (a backslash's meaning in a SQL
 * string depends on a PostgreSQL setting) and no `.` (it matches a line break in PostgreSQL
 * only). Every pattern has exactly one way to match a given text, so the capture groups agree
 * across engines whatever their matching strategy.
 */

/** One literal character as a pattern: letters in both cases, anything else in brackets. */
function literal(c: string): string {
  if (/[a-z]/i.test(c)) return `[${c.toLowerCase()}${c.toUpperCase()}]`;
  if (/[0-9 ]/.test(c)) return c;
  return `[${c}]`;
}

/** A token matched case-insensitively, character by character. */
export function tokenPattern(token: string): string {
  return [...token].map(literal).join('');
}

const longestFirst = (xs: readonly string[]) =>
  [...xs].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));

/** A token as a pattern of itself (the number pattern runs on lower-cased text). */
const plain = (token: string) =>
  [...token].map((c) => (/[a-z0-9]/.test(c) ? c : `[${c}]`)).join('');

/** A currency symbol or code, lower-case. */
const CURRENCY = `(?:${longestFirst(
  [...CURRENCY_SYMBOLS, ...CURRENCY_CODES].map((t) => t.toLowerCase()),
)
  .map(plain)
  .join('|')})`;

/** "1,234.5", "1234", "12.", ".5": thousands separators only in their places. */
const DIGITS = '(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:[.][0-9]*)?|[.][0-9]+';

/** A scale suffix such as k, m, bn or million. */
const MULTIPLIER = `(?:${longestFirst(Object.keys(MULTIPLIERS)).join('|')})`;

/**
 * A number, matched on the lower-cased cell. Groups: 1 an opening parenthesis, 2 a sign before
 * a currency, 3 a sign after one, 4 the digits, 5 an exponent, 6 a scale suffix, 7 a closing
 * parenthesis. Readers use groups 2 and 3 only joined, so "-5" matching either is one answer.
 * A number is negative with one minus sign or in accounting parentheses (two signs, a sign in
 * parentheses or one parenthesis alone is not a number). A percent sign and a currency after
 * the number are allowed and dropped ("12%" is 12, "1,200 usd" is 1200).
 */
export const NUMBER_PATTERN = `([(]?) *([+-]?) *(?:${CURRENCY})? *([+-]?) *(${DIGITS})(?:(e[+-]?[0-9]{1,2})| *(${MULTIPLIER}))? *%? *(?:${CURRENCY})? *([)]?)`;

/** Longer cells are never numbers (bounds the digits, so no engine overflows or underflows). */
export const MAX_NUMBER_LENGTH = 100;

/** The characters trimmed from a cell, as a string (for SQL trim functions). */
export const WHITESPACE_CHARS = WHITESPACE.join('');

/** Runs of whitespace and joining punctuation, collapsed to one space in category keys. */
export const COLLAPSE_CLASS = `[${WHITESPACE_CHARS}_./&+-]+`;

/** Anchors a pattern to the whole text. */
export function whole(pattern: string): string {
  return `^(?:${pattern})$`;
}
