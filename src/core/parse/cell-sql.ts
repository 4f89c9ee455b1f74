import { quoteLiteral, quoteText } from '../sql/quote.js';
import { categoryKey } from './cell.js';
import { clickHouseLet, clickHouseLiteral, clickHouseNumber } from './clickhouse-sql.js';
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
  WHITESPACE,
} from './tokens.js';

/**
 * The SQL twins of `cell.ts`, for DuckDB, PostgreSQL and ClickHouse: the same token lists and patterns,
 * so a cell reads the same in the loader, in discovery and in `icp sql` / `icp score` as in
 * `scoreRecord`. Each function takes SQL and returns SQL; inputs are trusted SQL expressions
 * (quote identifiers with `quoteIdent`).
 */

export type SqlDialect = 'duckdb' | 'postgres' | 'clickhouse';

/** A string literal in `dialect` (quote.ts's `quoteText` for DuckDB and PostgreSQL). */
export function sqlLiteral(dialect: SqlDialect, value: string): string {
  return dialect === 'clickhouse' ? clickHouseLiteral(value) : quoteText(value);
}

/**
 * `x IN (literals)` for SQL literals, the one definition for every SQL the engine writes.
 * DuckDB runs an IN list of six or more constants as a join, which breaks the order of a
 * streamed COPY (the output's rows then depend on thread timing) and its progress, and costs a
 * join per copy of an expression repeated many times: there, list_contains, the same test.
 */
export function inListSql(dialect: SqlDialect, x: string, literals: readonly string[]): string {
  return dialect === 'duckdb' && literals.length >= 6
    ? `list_contains([${literals.join(', ')}], ${x})`
    : `(${x} IN (${literals.join(', ')}))`;
}

/** `value IN (values)` for plain strings `values`. */
export function inList(dialect: SqlDialect, value: string, values: readonly string[]): string {
  return inListSql(
    dialect,
    value,
    values.map((v) => sqlLiteral(dialect, v)),
  );
}

/** Lower case: ClickHouse's lower is ASCII only, lowerUTF8 is the others' lower. */
function lower(dialect: SqlDialect, text: string): string {
  return dialect === 'clickhouse' ? `lowerUTF8(${text})` : `lower(${text})`;
}

/** Characters of `chars` cut from both ends (ClickHouse 18 has no trim: a regular expression). */
function trimSql(dialect: SqlDialect, text: string, chars: string): string {
  if (dialect === 'clickhouse') {
    const set = `[${chars}]+`;
    return `replaceRegexpAll(${text}, ${clickHouseLiteral(`^${set}|${set}$`)}, '')`;
  }
  return `${dialect === 'duckdb' ? 'trim' : 'btrim'}(${text}, ${quoteLiteral(chars)})`;
}

/** `text` of any type as trimmed text, NULL when empty or a null token. */
export function textSql(dialect: SqlDialect, value: string): string {
  const type = TEXT[dialect];
  const t = trimSql(dialect, `CAST(${value} AS ${type})`, WHITESPACE_CHARS);
  if (dialect === 'clickhouse')
    return clickHouseLet(
      t,
      (x) =>
        `(CASE WHEN ${inList(dialect, lower(dialect, x), ['', ...NULL_TOKENS])} THEN NULL ELSE ${x} END)`,
    );
  return `(CASE WHEN ${inList(dialect, lower(dialect, t), ['', ...NULL_TOKENS])} THEN NULL ELSE ${t} END)`;
}

/**
 * `textSql`'s value in DuckDB, for a cell read once per row (the loader's ids and amounts,
 * `icp score`'s text stage): the trim and the lower-cased null-token test are its cost (0.9
 * CPU-s for 3.3 million invoice ids against 0.2 to copy them), and most cells need neither. A
 * cell is trimmed only when its first code point (`ascii`) is at most 32 or a wider one of
 * `WHITESPACE`, or its last bytes are one of `WHITESPACE` (otherwise `trim` leaves it as it
 * is), and compared with the tokens only when it is empty or its first code point lower-cases
 * to a token's first character (the code points that do are those characters in either case:
 * `parse-sql.test.ts` checks every code point). Equal to `textSql` for every cell.
 */
export function rowTextSql(column: string): string {
  const cell = `CAST(${column} AS VARCHAR)`;
  // A superset of the whitespace code points, by comparisons: an IN list of constants (of five,
  // here) is run by DuckDB as a join, which breaks a streamed COPY's order (see `inListSql`).
  const first = `ascii(${cell})`;
  const wide = WHITESPACE.filter((c) => c.codePointAt(0)! > 32);
  const edge = `(${first} <= 32${wide.map((c) => ` OR ${first} = ${c.codePointAt(0)}`).join('')})`;
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
  if (dialect === 'clickhouse') {
    // 18.16 has no function returning every group: each is the whole match replaced by it
    // (an anchored pattern; a group that did not take part gives '').
    const group = (i: number) =>
      `replaceRegexpOne(${text}, ${clickHouseLiteral(pattern)}, ${clickHouseLiteral(`\\${i}`)})`;
    const all = Array.from({ length: groups }, (_, i) => group(i + 1));
    return `CASE WHEN ${regexMatches(dialect, text, pattern)} THEN ${clickHouseLet(`[${all.join(', ')}]`, (gs) => build((i) => `${gs}[${i}]`))} END`;
  }
  if (dialect === 'duckdb') {
    const names = Array.from({ length: groups }, (_, i) => quoteLiteral(`g${i + 1}`));
    const struct = `regexp_extract(${text}, ${quoteLiteral(pattern)}, [${names.join(', ')}])`;
    return `CASE WHEN ${regexMatches(dialect, text, pattern)} THEN ${build((i) => `struct_extract(${struct}, 'g${i}')`)} END`;
  }
  return `CASE WHEN ${regexMatches(dialect, text, pattern)} THEN (SELECT ${build((i) => `coalesce(__m.m[${i}], '')`)} FROM (SELECT regexp_match(${text}, ${quoteLiteral(pattern)}) AS m) AS __m) END`;
}

const TEXT: Record<SqlDialect, string> = {
  duckdb: 'VARCHAR',
  postgres: 'TEXT',
  clickhouse: 'Nullable(String)',
};
const DOUBLE: Record<SqlDialect, string> = {
  duckdb: 'DOUBLE',
  postgres: 'double precision',
  clickhouse: 'Float64',
};

/** A plain decimal, read by a cast alone (the common case, kept off the full pattern). */
const PLAIN = '^[+-]?(?:[0-9]+(?:[.][0-9]*)?|[.][0-9]+)$';

/**
 * ClickHouse's plain number: up to 15 digits, read exactly as an integer (below 2^53), the same
 * double its full reading gives. Its own reading of decimals is not exact: they take the pattern.
 */
const CLICKHOUSE_DIGITS = '^[0-9]{1,15}$';

/** `low` for the full reading of a number, '' where `text` is a plain integer (read apart). */
function clickHouseDigitsOff(text: string, low: string): string {
  return clickHouseLet(
    `if(${regexMatches('clickhouse', text, CLICKHOUSE_DIGITS)}, '', ${low})`,
    (t) => t,
  );
}

/** A number from trimmed text (the output of `textSql`) as DOUBLE; NULL where `parseNumber` gives NaN. */
export function numberSql(
  dialect: SqlDialect,
  text: string,
  options: { booleans?: boolean } = {},
): string {
  if (dialect === 'clickhouse')
    return clickHouseLet(text, (x) =>
      clickHouseLet(lower(dialect, x), (low) => numberOf(dialect, x, low, options)),
    );
  return numberOf(dialect, text, lower(dialect, text), options);
}

/** `numberSql` over `text` and its lower case `low`. */
function numberOf(
  dialect: SqlDialect,
  text: string,
  low: string,
  options: { booleans?: boolean },
): string {
  const ch = dialect === 'clickhouse';
  const lit = (v: string) => sqlLiteral(dialect, v);
  const double = DOUBLE[dialect];
  // ClickHouse 18 answers NULL from the simple CASE x WHEN v form, and computes every branch
  // of a CASE on every row, so its casts must not fail on the rows a branch leaves out.
  const scale = (x: string) =>
    `CASE ${Object.entries(MULTIPLIERS)
      .map(([k, p]) => `WHEN ${x} = ${lit(k)} THEN 'e${p}'`)
      .join(' ')} ELSE '' END`;
  // ClickHouse computes every branch of a CASE, so its full reading (a pattern and seven
  // groups, then a dozen more expressions) runs on '' where a plain integer is read exactly.
  const full = withGroups(
    dialect,
    ch ? clickHouseDigitsOff(text, low) : low,
    whole(NUMBER_PATTERN),
    7,
    (g) => {
      const sign = `concat(${g(2)}, ${g(3)})`;
      const exponent = `CASE WHEN ${g(5)} <> '' THEN ${g(5)} ELSE ${scale(g(6))} END`;
      const digits = ch
        ? `replaceRegexpOne(replaceAll(${g(4)}, ',', ''), '[.]+$', '')`
        : `rtrim(replace(${g(4)}, ',', ''), '.')`;
      const literal = `concat(CASE WHEN ${g(1)} <> '' OR ${sign} = '-' THEN '-' ELSE '' END, ${digits}, ${exponent})`;
      const valid = `(${g(1)} = '') = (${g(7)} = '') AND (${g(1)} = '' OR ${sign} = '') AND ${ch ? 'lengthUTF8' : 'length'}(${sign}) <= 1`;
      return `CASE WHEN ${valid} THEN ${ch ? clickHouseNumber(literal) : `CAST(${literal} AS ${double})`} END`;
    },
  );
  const booleans = options.booleans
    ? `WHEN ${low} = ${lit(NUMERIC_TRUE)} THEN CAST(1 AS ${double}) WHEN ${low} = ${lit(NUMERIC_FALSE)} THEN CAST(0 AS ${double}) `
    : '';
  // A plain decimal is read by a cast alone, kept off the full pattern; ClickHouse's own
  // reading of it is not exact, so there only a plain integer is (CLICKHOUSE_DIGITS).
  const plain = ch
    ? `WHEN ${regexMatches(dialect, text, CLICKHOUSE_DIGITS)} THEN toFloat64(toUInt64OrZero(${text})) `
    : `WHEN ${regexMatches(dialect, text, PLAIN)} THEN CAST(${text} AS ${double}) `;
  return `(CASE ${booleans}WHEN ${ch ? 'lengthUTF8' : 'length'}(${text}) > ${MAX_NUMBER_LENGTH} THEN NULL ${plain}ELSE ${full} END)`;
}

/** Whether `text` matches an anchored pattern. */
export function regexMatches(dialect: SqlDialect, text: string, pattern: string): string {
  if (dialect === 'clickhouse') return `match(${text}, ${clickHouseLiteral(pattern)})`;
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
  if (dialect === 'clickhouse') return clickHouseLet(text, (x) => keyOf(dialect, x));
  return keyOf(dialect, text);
}

/**
 * `keySql` in DuckDB with a shortcut for the keys a scorecard names: where the lower-cased text
 * is one of `keys` that is its own key (`categoryKey(k) === k`: no yes-or-no spelling, nothing
 * to collapse or trim), the key is that text, and the full reading (two token lists, a
 * regular expression, a trim) runs only on the other cells. The same value as `keySql` for every
 * cell: a text whose lower case is such a key reads as that key.
 */
export function knownKeySql(text: string, keys: readonly string[]): string {
  const own = keys.filter((k) => categoryKey(k) === k);
  if (own.length === 0) return keySql('duckdb', text);
  const low = lower('duckdb', text);
  return `(CASE WHEN ${inList('duckdb', low, own)} THEN ${low} ELSE ${keySql('duckdb', text)} END)`;
}

function keyOf(dialect: SqlDialect, text: string): string {
  const low = lower(dialect, text);
  return `(CASE WHEN ${inList(dialect, low, TRUE_TOKENS)} THEN 'yes' WHEN ${inList(dialect, low, FALSE_TOKENS)} THEN 'no' ELSE ${dialect === 'clickhouse' ? 'nullIf' : 'NULLIF'}(${looseKeySql(dialect, text)}, '') END)`;
}

/** `looseKey`: lower-cased, whitespace and joining punctuation collapsed to one space, trimmed. */
export function looseKeySql(dialect: SqlDialect, text: string): string {
  const low = lower(dialect, text);
  const collapsed =
    dialect === 'clickhouse'
      ? `replaceRegexpAll(${low}, ${clickHouseLiteral(COLLAPSE_CLASS)}, ' ')`
      : `regexp_replace(${low}, ${quoteLiteral(COLLAPSE_CLASS)}, ' ', 'g')`;
  return trimSql(dialect, collapsed, ' ');
}
