import { COLLAPSE_CLASS, MAX_NUMBER_LENGTH, NUMBER_PATTERN, whole } from './patterns.js';
import {
  FALSE_TOKENS,
  MULTIPLIERS,
  NULL_TOKENS,
  NUMERIC_FALSE,
  NUMERIC_TRUE,
  TRUE_TOKENS,
  WHITESPACE,
} from './tokens.js';

/**
 * How a cell reads, in TypeScript: the reference for the SQL in `cell-sql.ts`, which must give
 * the same answer on every value (test/parse-differential.test.ts checks it on DuckDB and
 * PostgreSQL). Pure; runs in a browser.
 */

const NULLS: ReadonlySet<string> = new Set(NULL_TOKENS);
const TRUES: ReadonlySet<string> = new Set(TRUE_TOKENS);
const FALSES: ReadonlySet<string> = new Set(FALSE_TOKENS);
const SPACE: ReadonlySet<string> = new Set(WHITESPACE);
const SPACE_ONLY: ReadonlySet<string> = new Set([' ']);
const NUMBER = new RegExp(whole(NUMBER_PATTERN));
const COLLAPSE = new RegExp(COLLAPSE_CLASS, 'g');

/** Trims the characters of `WHITESPACE` (and only those) from both ends. */
export function trimCell(s: string, chars: ReadonlySet<string> = SPACE): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.has(s[a] as string)) a++;
  while (b > a && chars.has(s[b - 1] as string)) b--;
  return s.slice(a, b);
}

/**
 * A value as the text of a cell: trimmed, null when empty or a null token ("N/A", "-",
 * "unknown"). Booleans read as 'true' / 'false' (as a BOOLEAN column cast to text does), a
 * Date as its ISO date and time in UTC.
 *
 * @example cellText('  N/A ') // => null
 */
export function cellText(value: unknown): string | null {
  let s: string;
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') s = value;
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    s = String(value);
  } else if (typeof value === 'boolean') s = value ? 'true' : 'false';
  else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    s = value.toISOString();
  } else s = String(value);
  const t = trimCell(s);
  return t === '' || NULLS.has(t.toLowerCase()) ? null : t;
}

/** How a number is read where it is expected. */
export interface NumberOptions {
  /**
   * Read true / false (a BOOLEAN, or its text) as 1 and 0: for an attribute that was 0 or 1 in
   * training, so a warehouse's BOOLEAN column scores as the 0/1 column discovery saw.
   */
  readonly booleans?: boolean;
}

/**
 * A number from a cell, NaN when it is missing or not a number. Digits with an optional sign,
 * decimal point ("12." and ".5" too), exponent, thousands separators in their places; a
 * currency symbol or code before or after ("$1,200", "1,200 USD", "€1.2M"); a scale suffix
 * ("12k", "1.2M", "3bn", "2 million"); a trailing percent sign, dropped ("12%" is 12);
 * accounting parentheses for a negative ("(1,200)" is -1200).
 *
 * @example parseNumber('$1.2M') // => 1200000
 */
export function parseNumber(value: unknown, options: NumberOptions = {}): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  const t = cellText(value);
  if (t === null) return Number.NaN;
  return parseNumberText(t, options);
}

/** `parseNumber` on a cell already trimmed and known not to be a null token. */
export function parseNumberText(t: string, options: NumberOptions = {}): number {
  const lower = t.toLowerCase();
  if (options.booleans && lower === NUMERIC_TRUE) return 1;
  if (options.booleans && lower === NUMERIC_FALSE) return 0;
  if (t.length > MAX_NUMBER_LENGTH) return Number.NaN;
  const m = NUMBER.exec(lower);
  if (!m) return Number.NaN;
  const [, open = '', before = '', after = '', digits = '', exp = '', scale = '', close = ''] = m;
  const sign = before + after;
  if (open.length !== close.length || (open !== '' && sign !== '') || sign.length > 1)
    return Number.NaN;
  const plain = digits.replaceAll(',', '');
  const mantissa = plain.endsWith('.') ? plain.slice(0, -1) : plain;
  const exponent = exp !== '' ? exp : scale !== '' ? `e${MULTIPLIERS[scale]}` : '';
  const negative = open !== '' || sign === '-';
  return Number(`${negative ? '-' : ''}${mantissa}${exponent}`);
}

/** true / false for a yes-or-no spelling, null for anything else (missing included). */
export function parseBoolean(value: unknown): boolean | null {
  const t = cellText(value);
  if (t === null) return null;
  const lower = t.toLowerCase();
  return TRUES.has(lower) ? true : FALSES.has(lower) ? false : null;
}

/**
 * The key under which spellings of one category meet: trimmed, lower-cased, whitespace and
 * joining punctuation (_ . / & + -) collapsed to one space; yes-or-no spellings as "yes" and
 * "no"; null for values that mean missing. "FinTech", " fintech " and "FINTECH" share
 * "fintech"; "TRUE", "Y" and a BOOLEAN true share "yes".
 *
 * @example categoryKey('Health-Care') // => 'health care'
 */
export function categoryKey(
  value: string | null | undefined,
  aliases?: ReadonlyMap<string, string>,
): string | null {
  const t = cellText(value);
  if (t === null) return null;
  const plain = t.toLowerCase();
  const key = TRUES.has(plain) ? 'yes' : FALSES.has(plain) ? 'no' : looseKey(plain);
  if (key === '') return null;
  return aliases?.get(key) ?? key;
}

/** Lower-cased, whitespace and joining punctuation collapsed to one space, trimmed. */
export function looseKey(text: string): string {
  return trimCell(text.toLowerCase().replace(COLLAPSE, ' '), SPACE_ONLY);
}
