import { inListSql } from '../parse/cell-sql.js';
import { clickHouseDouble, clickHouseLiteral } from '../parse/clickhouse-sql.js';
import { quoteIdent, quoteLiteral, quoteText } from '../sql/quote.js';

/** The SQL engines the ICP compiles for. */
export type Dialect = 'duckdb' | 'postgres' | 'clickhouse';

/** How one dialect writes the few things that differ: quoting, numbers, joining texts. */
export interface DialectSql {
  readonly name: Dialect;
  readonly quoteIdent: (name: string) => string;
  readonly quoteLiteral: (value: string) => string;
  /** A number as a double-precision literal, at full precision. */
  readonly lit: (x: number) => string;
  /** The non-NULL texts of `parts` joined with `separator` (NULLs skipped, as concat_ws does). */
  readonly concatWs: (separator: string, parts: readonly string[]) => string;
  /** `x IN (values)` for SQL literals `values` (core/parse's `inListSql`: DuckDB's 6+ as list_contains). */
  readonly inList: (x: string, values: readonly string[]) => string;
  /** The false boolean (ClickHouse 18 has no TRUE and FALSE: booleans are 0 and 1). */
  readonly false: string;
  /** `parts` joined, NULLs taken as empty (ClickHouse's concat gives NULL for any NULL). */
  readonly concat: (parts: readonly string[]) => string;
  /** The largest of `parts` (ClickHouse 18's greatest takes two). */
  readonly greatest: (parts: readonly string[]) => string;
  /**
   * `CASE x WHEN v THEN sql ... ELSE otherwise END` (ClickHouse 18 returns NULL from that
   * simple form, so it gets `CASE WHEN x = v THEN ...`).
   */
  readonly caseOf: (
    x: string,
    whens: readonly (readonly [number, string])[],
    otherwise?: string,
  ) => string;
  /** The text, double, nullable double and 64-bit integer types, for CASTs. */
  readonly text: string;
  readonly double: string;
  readonly nullDouble: string;
  readonly bigint: string;
}

/**
 * ClickHouse (checked on 18.16, Debian's package, and on current releases): identifiers in
 * backticks and strings in single quotes, both with backslash escapes (a backslash is always
 * an escape there); no concat_ws, so the parts go through an array (each cast to a nullable
 * text: a part that is NULL in every branch has no type of its own there).
 */
const CLICKHOUSE: DialectSql = {
  quoteIdent: (name) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
  quoteLiteral: clickHouseLiteral,
  lit: clickHouseDouble,
  concatWs: (separator, parts) =>
    `arrayStringConcat(arrayMap(x -> assumeNotNull(x), arrayFilter(x -> isNotNull(x), [${parts.map((p) => `CAST(${p} AS Nullable(String))`).join(', ')}])), ${CLICKHOUSE.quoteLiteral(separator)})`,
  inList: (x, values) => inListSql('clickhouse', x, values),
  false: '0',
  concat: (parts) => CLICKHOUSE.concatWs('', parts),
  greatest: (parts) => parts.reduce((a, b) => `greatest(${a}, ${b})`),
  caseOf: (x, whens, otherwise) =>
    `CASE ${whens.map(([v, sql]) => `WHEN ${x} = ${v} THEN ${sql}`).join(' ')}${otherwise === undefined ? '' : ` ELSE ${otherwise}`} END`,
  name: 'clickhouse',
  text: 'Nullable(String)',
  double: 'Float64',
  nullDouble: 'Nullable(Float64)',
  bigint: 'Nullable(Int64)',
};

/** DuckDB and PostgreSQL share standard SQL here (quote.ts keeps their literals safe). */
function standard(dialect: 'duckdb' | 'postgres', text: string, double: string): DialectSql {
  return {
    inList: (x, values) => inListSql(dialect, x, values),
    quoteIdent,
    quoteLiteral: quoteText,
    // A bare 0.5 would be an exact NUMERIC in PostgreSQL (and DECIMAL in DuckDB): sums would
    // then differ from the library's floating-point ones in the last digit, and a score on a
    // tier boundary would change tier.
    lit: (x) => {
      finite(x);
      return `CAST(${quoteLiteral(String(x))} AS DOUBLE PRECISION)`;
    },
    concatWs: (separator, parts) => `concat_ws(${quoteLiteral(separator)}, ${parts.join(', ')})`,
    false: 'FALSE',
    concat: (parts) => `concat(${parts.join(', ')})`,
    greatest: (parts) => `greatest(${parts.join(', ')})`,
    caseOf: (x, whens, otherwise) =>
      `CASE ${x} ${whens.map(([v, sql]) => `WHEN ${v} THEN ${sql}`).join(' ')}${otherwise === undefined ? '' : ` ELSE ${otherwise}`} END`,
    name: dialect,
    text,
    double,
    nullDouble: 'DOUBLE PRECISION',
    bigint: 'BIGINT',
  };
}

const DIALECTS: Record<Dialect, DialectSql> = {
  duckdb: standard('duckdb', 'VARCHAR', 'DOUBLE'),
  postgres: standard('postgres', 'TEXT', 'double precision'),
  clickhouse: CLICKHOUSE,
};

/** The primitives of one dialect. */
export function dialectSql(dialect: Dialect): DialectSql {
  return DIALECTS[dialect];
}

function finite(x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} into SQL`);
}
