import { quoteIdent, quoteLiteral } from '../sql/quote.js';

/** The SQL engines the ICP compiles for. */
export type Dialect = 'duckdb' | 'postgres' | 'clickhouse';

/** How one dialect writes the few things that differ: quoting, numbers, joining texts. */
export interface DialectSql {
  readonly quoteIdent: (name: string) => string;
  readonly quoteLiteral: (value: string) => string;
  /** A number as a double-precision literal, at full precision. */
  readonly lit: (x: number) => string;
  /** The non-NULL texts of `parts` joined with `separator` (NULLs skipped, as concat_ws does). */
  readonly concatWs: (separator: string, parts: readonly string[]) => string;
  /**
   * `x IN (values)` for SQL literals `values`. DuckDB runs an IN list of 6 or more constants as
   * a join, which breaks the order of a streamed COPY (the output's rows then depend on thread
   * timing) and its progress; list_contains is the same test as one function, and cheaper.
   */
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
  /** The text and double types, for CASTs. */
  readonly text: string;
  readonly double: string;
}

/**
 * ClickHouse (checked on 18.16, Debian's package, and on current releases): identifiers in
 * backticks and strings in single quotes, both with backslash escapes (a backslash is always
 * an escape there); no concat_ws, so the parts go through an array (each cast to a nullable
 * text: a part that is NULL in every branch has no type of its own there).
 */
const CLICKHOUSE: DialectSql = {
  quoteIdent: (name) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
  quoteLiteral: (value) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
  lit: clickHouseDouble,
  concatWs: (separator, parts) =>
    `arrayStringConcat(arrayMap(x -> assumeNotNull(x), arrayFilter(x -> isNotNull(x), [${parts.map((p) => `CAST(${p} AS Nullable(String))`).join(', ')}])), ${CLICKHOUSE.quoteLiteral(separator)})`,
  inList: (x, values) => `${x} IN (${values.join(', ')})`,
  false: '0',
  concat: (parts) => CLICKHOUSE.concatWs('', parts),
  greatest: (parts) => parts.reduce((a, b) => `greatest(${a}, ${b})`),
  caseOf: (x, whens, otherwise) =>
    `CASE ${whens.map(([v, sql]) => `WHEN ${x} = ${v} THEN ${sql}`).join(' ')}${otherwise === undefined ? '' : ` ELSE ${otherwise}`} END`,
  text: 'Nullable(String)',
  double: 'Float64',
};

/**
 * A double for ClickHouse as its exact bits: 18.16's text-to-float reading is not correctly
 * rounded for every literal, and a point value one unit in the last place off moved a score
 * sitting on a rounding edge (17.05) to the other side. The decimal follows as a comment.
 */
function clickHouseDouble(x: number): string {
  finite(x);
  const bytes = new DataView(new ArrayBuffer(8));
  bytes.setFloat64(0, x, true);
  let hex = '';
  for (let i = 0; i < 8; i++) hex += bytes.getUint8(i).toString(16).padStart(2, '0');
  return `reinterpretAsFloat64(unhex('${hex}')) /* ${String(x)} */`;
}

/** DuckDB and PostgreSQL share standard SQL here (quote.ts keeps their literals safe). */
function standard(text: string, double: string, lists: boolean): DialectSql {
  return {
    inList: (x, values) =>
      lists && values.length >= 6
        ? `list_contains([${values.join(', ')}], ${x})`
        : `${x} IN (${values.join(', ')})`,
    quoteIdent,
    quoteLiteral,
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
    text,
    double,
  };
}

const DIALECTS: Record<Dialect, DialectSql> = {
  duckdb: standard('VARCHAR', 'DOUBLE', true),
  postgres: standard('TEXT', 'double precision', false),
  clickhouse: CLICKHOUSE,
};

/** The primitives of one dialect. */
export function dialectSql(dialect: Dialect): DialectSql {
  return DIALECTS[dialect];
}

function finite(x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} into SQL`);
}
