/**
 * The token lists behind every reading of a cell. The TypeScript parser (`cell.ts`) and the
 * SQL it is compiled to (`cell-sql.ts`) are both generated from these lists, so the loader,
 * discovery, `scoreRecord`, the batch scorer, the API and the SQL of every dialect read a cell
 * the same way. Change a list here and every path follows.
 */

/** Cell values that mean "no value" in exports, compared trimmed and lower-cased. */
export const NULL_TOKENS = [
  'na',
  'n/a',
  'null',
  'none',
  'nan',
  '-',
  '?',
  '#n/a',
  'unknown',
] as const;

/**
 * Spellings of a yes and a no, compared trimmed and lower-cased. As a category they meet under
 * the keys "yes" and "no" (a DuckDB or PostgreSQL BOOLEAN reads as 'true' / 'false', a CSV
 * export as Yes / No or Y / N: all one value). 1 and 0 are not among them: a column of only
 * 0 and 1 stays a number, whose two bins score a later 2 sensibly.
 */
export const TRUE_TOKENS = ['true', 't', 'yes', 'y'] as const;
export const FALSE_TOKENS = ['false', 'f', 'no', 'n'] as const;

/** Read as 1 and 0 where a 0/1 number is expected (a BOOLEAN cast to text): see `NumberOptions`. */
export const NUMERIC_TRUE = 'true';
export const NUMERIC_FALSE = 'false';

/**
 * Whitespace trimmed from both ends of every cell (and collapsed inside category keys): the
 * characters exports actually carry, listed so that TypeScript and SQL trim the same set.
 */
export const WHITESPACE = [' ', '\t', '\n', '\r', '\u00a0'] as const;

/** Currency symbols allowed before or after a number ("$1,200", "1.200 €" is not: see docs). */
export const CURRENCY_SYMBOLS = ['US$', '$', '€', '£', '¥', '₹'] as const;

/** ISO 4217 codes allowed before or after a number ("USD 1,200", "1,200 usd"); not converted. */
export const CURRENCY_CODES = [
  'usd',
  'eur',
  'gbp',
  'jpy',
  'chf',
  'cad',
  'aud',
  'nzd',
  'sek',
  'nok',
  'dkk',
  'pln',
  'czk',
  'inr',
  'cny',
  'brl',
  'mxn',
  'sgd',
  'hkd',
  'zar',
] as const;

/** Suffixes that scale a number, as powers of ten ("12k", "1.2M", "3 bn", "2.5 million"). */
export const MULTIPLIERS: Readonly<Record<string, number>> = {
  k: 3,
  thousand: 3,
  m: 6,
  mm: 6,
  mn: 6,
  million: 6,
  b: 9,
  bn: 9,
  billion: 9,
};

/** English month names and abbreviations for %b / %B, lower-cased. */
export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;
