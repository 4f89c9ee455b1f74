import { quoteLiteral } from '../sql/quote.js';
import {
  COLLAPSE_CLASS,
  MAX_NUMBER_LENGTH,
  NUMBER_PATTERN,
  WHITESPACE_CHARS,
  whole,
} from './patterns.js';
import {
  FALSE_TOKENS,
  MULTIPLIERS,
  NULL_TOKENS,
  NUMERIC_FALSE,
  NUMERIC_TRUE,
  TRUE_TOKENS,
} from './tokens.js';

/**
 * The SQL twins of `cell.ts`, for DuckDB and PostgreSQL: the same token lists and patterns,
 * so a cell reads the same in the loader, in discovery and in `icp sql` / `icp score` as in
 * `scoreRecord`. Each function takes SQL and returns SQL; inputs are trusted SQL expressions
 * (quote identifiers with `quoteIdent`).
 */

export type SqlDialect = 'duckdb' | 'postgres';

/**
 * `value IN (values)`. DuckDB turns an IN list of six or more constants into a join, which,
 * nested in an expression repeated many times, costs a join per copy: there, a list lookup.
 */
export function inList(dialect: SqlDialect, value: string, values: readonly string[]): string {
  const literals = values.map(quoteLiteral).join(', ');
  return dialect === 'duckdb'
    ? `list_contains([${literals}], ${value})`
    : `(${value} IN (${literals}))`;
}

/** `text` of any type as trimmed text, NULL when empty or a null token. */
export function textSql(dialect: SqlDialect, value: string): string {
  const type = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const trim = dialect === 'duckdb' ? 'trim' : 'btrim';
  const t = `${trim}(CAST(${value} AS ${type}), ${quoteLiteral(WHITESPACE_CHARS)})`;
  return `(CASE WHEN ${inList(dialect, `lower(${t})`, ['', ...NULL_TOKENS])} THEN NULL ELSE ${t} END)`;
}

/**
 * SQL built from the capture groups of one match of an anchored pattern, the pattern run
 * once per row: DuckDB extracts every group into a struct (its common-subexpression pass
 * evaluates the repeated struct once); PostgreSQL, which has no such pass, matches in a
 * scalar subquery. `g(i)` is group i, '' when it did not take part or nothing matched.
 */
export function withGroups(
  dialect: SqlDialect,
  text: string,
  pattern: string,
  groups: number,
  build: (g: (i: number) => string) => string,
): string {
  // The groups are extracted only from text that matches: a plain match is much faster, and
  // most cells that are not, say, numbers fail it at once.
  if (dialect === 'duckdb') {
    const names = Array.from({ length: groups }, (_, i) => quoteLiteral(`g${i + 1}`));
    const struct = `regexp_extract(${text}, ${quoteLiteral(pattern)}, [${names.join(', ')}])`;
    return `CASE WHEN ${regexMatches(dialect, text, pattern)} THEN ${build((i) => `struct_extract(${struct}, 'g${i}')`)} END`;
  }
  return `CASE WHEN ${regexMatches(dialect, text, pattern)} THEN (SELECT ${build((i) => `coalesce(__m.m[${i}], '')`)} FROM (SELECT regexp_match(${text}, ${quoteLiteral(pattern)}) AS m) AS __m) END`;
}

/** A plain decimal, read by a cast alone (the common case, kept off the full pattern). */
const PLAIN = '^[+-]?(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)$';

/** A number from trimmed text (the output of `textSql`) as DOUBLE; NULL where `parseNumber` gives NaN. */
export function numberSql(
  dialect: SqlDialect,
  text: string,
  options: { booleans?: boolean } = {},
): string {
  const double = dialect === 'duckdb' ? 'DOUBLE' : 'double precision';
  const scale = Object.entries(MULTIPLIERS)
    .map(([k, p]) => `WHEN ${quoteLiteral(k)} THEN 'e${p}'`)
    .join(' ');
  const lower = `lower(${text})`;
  const full = withGroups(dialect, lower, whole(NUMBER_PATTERN), 7, (g) => {
    const sign = `concat(${g(2)}, ${g(3)})`;
    const exponent = `CASE WHEN ${g(5)} <> '' THEN ${g(5)} ELSE CASE ${g(6)} ${scale} ELSE '' END END`;
    const literal = `concat(CASE WHEN ${g(1)} <> '' OR ${sign} = '-' THEN '-' ELSE '' END, rtrim(replace(${g(4)}, ',', ''), '.'), ${exponent})`;
    const valid = `(${g(1)} = '') = (${g(7)} = '') AND (${g(1)} = '' OR ${sign} = '') AND length(${sign}) <= 1`;
    return `CASE WHEN ${valid} THEN CAST(${literal} AS ${double}) END`;
  });
  const booleans = options.booleans
    ? `WHEN ${lower} = ${quoteLiteral(NUMERIC_TRUE)} THEN CAST(1 AS ${double}) WHEN ${lower} = ${quoteLiteral(NUMERIC_FALSE)} THEN CAST(0 AS ${double}) `
    : '';
  return `(CASE ${booleans}WHEN length(${text}) > ${MAX_NUMBER_LENGTH} THEN NULL WHEN ${regexMatches(dialect, text, PLAIN)} THEN CAST(${text} AS ${double}) ELSE ${full} END)`;
}

/** Whether `text` matches an anchored pattern. */
export function regexMatches(dialect: SqlDialect, text: string, pattern: string): string {
  return dialect === 'duckdb'
    ? `regexp_matches(${text}, ${quoteLiteral(pattern)})`
    : `(${text} ~ ${quoteLiteral(pattern)})`;
}

/** Whether trimmed text is a yes-or-no spelling (DuckDB). */
export function isBooleanSql(text: string): string {
  return inList('duckdb', `lower(${text})`, [...TRUE_TOKENS, ...FALSE_TOKENS]);
}

/** The category key of trimmed text (the output of `textSql`), as `categoryKey` computes it. */
export function keySql(dialect: SqlDialect, text: string): string {
  return `(CASE WHEN ${inList(dialect, `lower(${text})`, TRUE_TOKENS)} THEN 'yes' WHEN ${inList(dialect, `lower(${text})`, FALSE_TOKENS)} THEN 'no' ELSE NULLIF(${looseKeySql(dialect, text)}, '') END)`;
}

/** `looseKey`: lower-cased, whitespace and joining punctuation collapsed to one space, trimmed. */
export function looseKeySql(dialect: SqlDialect, text: string): string {
  const trim = dialect === 'duckdb' ? 'trim' : 'btrim';
  return `${trim}(regexp_replace(lower(${text}), ${quoteLiteral(COLLAPSE_CLASS)}, ' ', 'g'), ' ')`;
}
