import { normalizeHeader } from '../model/canonical.js';
import { IcpError } from '../errors/icp-error.js';
import { keySql, numberSql, textSql } from '../parse/cell-sql.js';
import { type DeriveRule, deriveSql } from '../parse/derive.js';
import type { IcpDefinition } from './definition.js';
import { type Dialect, type DialectSql, dialectSql } from './dialect-sql.js';
import {
  coverageSql,
  type ExplainSql,
  gainSql,
  nearMissSql,
  rawScoreSql,
  reasonColumnNames,
  reasonColumnsSql,
  reasonsSql,
  roundSql,
  SCORE_DECIMALS,
  SHARE_DECIMALS,
  unknownReasonSql,
} from './explain-sql.js';
import { binStages, type Normaliser } from './bin-sql.js';
import { scorePlan, scoringUnits } from './score-plan.js';
import { describeCondition, isZeroOne } from './score-record.js';
import { binKeys } from './to-bins.js';

export type { Dialect } from './dialect-sql.js';

/** The output columns added to every input row, in order. */
export const ICP_COLUMNS = [
  'icp_score',
  'icp_probability',
  'icp_tier',
  'icp_coverage',
  'icp_reasons',
  'icp_disqualified',
  'icp_near_miss',
  'icp_missing',
] as const;

const OWN_COLUMN = new RegExp(`^(${ICP_COLUMNS.join('|')})(_[0-9]+)?$`, 'i');

/**
 * An input column the scoring replaces rather than shadows: one of `ICP_COLUMNS` (any case),
 * or one a reader renamed from it to keep names unique ("icp_tier_1").
 */
export function isIcpColumn(name: string): boolean {
  return OWN_COLUMN.test(name);
}

export interface CompileOptions {
  readonly dialect: Dialect;
  /** The table (or a table function / parenthesised subquery) to score, as SQL. */
  readonly from: string;
  /**
   * The table's columns, to match attribute names ignoring case and punctuation. With them,
   * the table's own icp_* columns (see `isIcpColumn`) are left out of the result.
   */
  readonly columns?: readonly string[];
  /** Scorecard attribute -> the column holding it, for tables named otherwise. */
  readonly map?: Readonly<Record<string, string>>;
  /** Overrides the ICP's `tiers.min_coverage`. */
  readonly minCoverage?: number;
}

/**
 * Compiles an ICP to one SELECT returning every column of `from` plus the icp_* columns,
 * computed inside the database with the same answers as `scoreRecord`. Stages joined LATERAL
 * keep it fast: each value is normalised once, each attribute's bin found once, and points,
 * reasons and flags follow from the bin indexes. Every identifier and literal is quoted, so
 * hostile column names and values cannot break out of the query.
 *
 * @example compileScoreSql(icp, { dialect: 'postgres', from: quoteIdent('leads') })
 */
export function compileScoreSql(icp: IcpDefinition, options: CompileOptions): string {
  const { dialect, from, columns } = options;
  const plan = scorePlan(icp);
  const d = dialectSql(dialect);
  // ClickHouse's nested subqueries name their columns without a table prefix.
  const at = (stage: Stage): string => (dialect === 'clickhouse' ? '' : `${stage}.`);
  const resolve = columnResolver(columns, options.map);
  const derived = deriveRules(icp, options.map);
  const stages = binStages(icp, normaliser(d, resolve, derived, zeroOneAttributes(icp), at), d);
  const dropped = (columns ?? []).filter(isIcpColumn);
  // Stage 3 (p) reads the bins of stage b; the outputs read them from p in DuckDB's nested
  // projections and from b in PostgreSQL's laterals.
  const explain = (alias: Stage): ExplainSql => ({
    dialect,
    plan,
    bin: (i) => `${at(alias)}__icp_b${i}`,
    lit: d.lit,
  });
  const e3 = explain('b');
  const eo = explain(dialect === 'duckdb' ? 'p' : 'b');
  const stage3 = stage3Columns(icp, e3, at);
  const outputs = outputColumns(icp, eo, options.minCoverage ?? plan.minCoverage, at);
  const header = headerLines(icp, dialect, dropped);
  if (dialect === 'clickhouse') {
    // ClickHouse 18 has no LATERAL and no SELECT * EXCEPT, and a WITH clause is expanded like a
    // macro (the reasons name each bin so often that the expanded query passes its size
    // limit): nested subqueries, as for DuckDB, and the input columns named at both ends.
    if (!columns)
      throw new IcpError(
        'USAGE',
        "ClickHouse needs the table's columns to leave the helper columns out: pass them (icp sql --columns a,b,...).",
      );
    const input = columns.filter((c) => !isIcpColumn(c)).map(d.quoteIdent);
    return [
      ...header,
      `SELECT ${[...input, ...outputs].join(',\n  ')}`,
      'FROM (',
      `  SELECT *, ${stage3.join(',\n    ')}`,
      '  FROM (',
      `    SELECT *, ${[...stages.bins, ...stages.hits].join(',\n      ')}`,
      `    FROM (SELECT ${[...input, ...(stages.values.length > 0 ? stages.values : ['1 AS __icp_none'])].join(',\n        ')} FROM ${from})`,
      '  )',
      ')',
    ].join('\n');
  }
  if (dialect === 'postgres') {
    const kept =
      dropped.length === 0
        ? 'src.*'
        : columns!
            .filter((c) => !isIcpColumn(c))
            .map((c) => `src.${d.quoteIdent(c)}`)
            .join(', ');
    // PostgreSQL runs LATERAL subqueries without FROM as per-row projections: cheap and
    // streaming. OFFSET 0 keeps each one a stage of its own: without it the planner pulls them
    // up and repeats a column's whole expression (regular expressions included) wherever a
    // later stage names it, and the reasons name every bin many times.
    return [
      ...header,
      `SELECT ${kept},\n  ${outputs.join(',\n  ')}`,
      `FROM ${from} AS src`,
      `CROSS JOIN LATERAL (SELECT ${stages.values.length > 0 ? stages.values.join(',\n    ') : '1 AS __icp_none'} OFFSET 0) AS n`,
      `CROSS JOIN LATERAL (SELECT ${[...stages.bins, ...stages.hits].join(',\n    ')} OFFSET 0) AS b`,
      `CROSS JOIN LATERAL (SELECT ${stage3.join(',\n    ')} OFFSET 0) AS p`,
    ].join('\n');
  }
  // DuckDB would decorrelate LATERAL joins with a join on every column (memory grows with the
  // rows); nested projections stream, and EXCLUDE drops the helper columns at the end.
  const helpers = [
    ...stages.aliases,
    ...scoringUnits(plan).map((_, i) => `__icp_b${i}`),
    ...icp.rules.map((_, j) => `__icp_h${j}`),
    '__icp_hits',
    '__icp_gain',
    ...reasonColumnNames(plan),
    ...(stages.values.length > 0 ? [] : ['__icp_none']),
    'icp_score',
    'icp_coverage',
    'icp_missing',
    'icp_disqualified',
  ];
  const input =
    dropped.length === 0 ? 'src.*' : `src.* EXCLUDE (${dropped.map(d.quoteIdent).join(', ')})`;
  return [
    ...header,
    `SELECT * EXCLUDE (${helpers.join(', ')}),\n  ${outputs.join(',\n  ')}`,
    'FROM (',
    `  SELECT *, ${stage3.join(',\n    ')}`,
    '  FROM (',
    `    SELECT *, ${[...stages.bins, ...stages.hits].join(',\n      ')}`,
    `    FROM (SELECT ${input}, ${stages.values.length > 0 ? stages.values.join(',\n        ') : '1 AS __icp_none'} FROM ${from} AS src) AS n`,
    '  ) AS b',
    ') AS p',
  ].join('\n');
}

/** Stage 3 (p): score, coverage, missing, rule hits, near-miss gain and reasons, from the bins. */
function stage3Columns(icp: IcpDefinition, e: ExplainSql, at: (s: Stage) => string): string[] {
  const d = dialectSql(e.dialect);
  const missing = e.plan.attributes.map(
    (a, i) => `CASE WHEN ${e.bin(i)} = ${a.missingBin} THEN ${d.quoteLiteral(a.name)} END`,
  );
  const hits = icp.rules.map((_, j) => `${at('b')}__icp_h${j}`);
  return [
    `${roundSql(e, rawScoreSql(e), SCORE_DECIMALS)} AS icp_score`,
    `${coverageSql(e)} AS icp_coverage`,
    `${d.concatWs(', ', missing)} AS icp_missing`,
    `${hits.length === 0 ? d.false : `(${hits.join(' OR ')})`} AS icp_disqualified`,
    `${hits.length === 0 ? '0' : `(${hits.map((h) => `CASE WHEN ${h} THEN 1 ELSE 0 END`).join(' + ')})`} AS __icp_hits`,
    `${gainSql(e)} AS __icp_gain`,
    ...reasonColumnsSql(e),
  ];
}

/** The comment that heads the SQL: what it returns, what it replaces, the hard rules. */
function headerLines(icp: IcpDefinition, dialect: Dialect, dropped: readonly string[]): string[] {
  const line = (s: string) => s.replace(/[\r\n]+/g, ' ');
  return [
    `-- ICP ${icp.id}, compiled for ${dialect}: every input column plus ${ICP_COLUMNS.join(', ')}`,
    ...(dropped.length > 0 ? [line(`-- the input's own ${dropped.join(', ')} are replaced`)] : []),
    ...(icp.rules.length > 0
      ? [
          '-- hard rules:',
          ...icp.rules.map((r) => line(`--   ${r.kind} ${describeCondition(r.when)}`)),
        ]
      : []),
  ];
}

/** The output columns after stage 3, in `ICP_COLUMNS` order. */
function outputColumns(
  icp: IcpDefinition,
  e: ExplainSql,
  minCoverage: number,
  at: (s: Stage) => string,
): string[] {
  const { A, B, C } = e.plan.tiers;
  const { lit } = e;
  const d = dialectSql(e.dialect);
  const card = icp.scorecard!;
  const p = at('p');
  const s = `${p}icp_score`;
  const known = `${p}icp_coverage >= ${lit(minCoverage)}`;
  const unknown = `NOT ${p}icp_disqualified AND NOT (${known})`;
  const logit = `(${lit(card.intercept)} + ${s} * ${lit(card.scale)})`;
  const probability = `1.0 / (1.0 + exp(-(${lit(card.calibration.a)} * ${logit} + ${lit(card.calibration.b)})))`;
  const own = (c: string) => `${p}${c}`;
  return [
    own('icp_score'),
    `${roundSql(e, probability, SHARE_DECIMALS)} AS icp_probability`,
    `CASE WHEN ${p}icp_disqualified THEN 'D' WHEN ${unknown} THEN 'unknown' WHEN ${s} >= ${lit(A)} THEN 'A' WHEN ${s} >= ${lit(B)} THEN 'B' WHEN ${s} >= ${lit(C)} THEN 'C' ELSE 'D' END AS icp_tier`,
    own('icp_coverage'),
    `${d.concatWs('; ', [`CASE WHEN ${unknown} THEN ${unknownReasonSql(e)} END`, `NULLIF(${reasonsSql(e.plan, (c) => `${p}${c}`, d)}, '')`])} AS icp_reasons`,
    own('icp_disqualified'),
    `${nearMissSql(e, { score: s, known, hits: `${p}__icp_hits`, disqualified: `${p}icp_disqualified`, gain: `${p}__icp_gain` })} AS icp_near_miss`,
    own('icp_missing'),
  ];
}

/**
 * Stage 1 (n): each attribute a bin or rule reads, as a category key or a number, normalised
 * once per row; `value` names it for the later stages and `stage` lists what was asked for.
 */
function normaliser(
  d: DialectSql,
  resolve: (name: string) => string | undefined,
  derived: ReadonlyMap<string, DeriveRule>,
  zeroOne: ReadonlySet<string>,
  at: (s: Stage) => string,
): Normaliser {
  const normalised = new Map<string, { alias: string; sql: string }>();
  return {
    value: (name, kind) => {
      const id = `${kind}:${name}`;
      let found = normalised.get(id);
      if (!found) {
        const sql = normalisedValue(d, resolve, name, kind, derived.get(name), zeroOne.has(name));
        found = { alias: `__icp_v${normalised.size}`, sql: fenced(d, sql) };
        normalised.set(id, found);
      }
      return `${at('n')}${found.alias}`;
    },
    stage: () => [...normalised.values()],
  };
}

/**
 * A value computed once per row in DuckDB. Under `ORDER BY ... LIMIT 50` or less (its late
 * materialisation) DuckDB merges the nested stages into one projection and repeats a value's
 * whole parsing expression wherever a later stage names it: one numeric attribute took 31 s
 * for 50 rows (23 ms with LIMIT 51). A volatile function is never repeated, so a condition on
 * `random()` that always holds keeps the value a column of its own (PostgreSQL's stages have
 * OFFSET 0 for the same reason).
 */
function fenced(d: DialectSql, sql: string): string {
  return d === dialectSql('duckdb') ? `CASE WHEN random() >= 0 THEN ${sql} END` : sql;
}

/** Per scorecard attribute, conditions over `src` that flag a value unlike the training data. */
export interface UnseenConditions {
  readonly attribute: string;
  /** Categorical: the value is filled in but none of the ICP's named categories (its "other" bin). */
  readonly other: string | null;
  /** Numeric with a stored training range: the number lies below its min or above its max. */
  readonly outOfRange: string | null;
}

/**
 * SQL conditions over the columns of `src` (the input rows) saying, per scorecard attribute,
 * whether a row's value falls outside what the ICP saw in training: a category it does not
 * name, or a number outside the training range. The values are normalised exactly as in
 * `compileScoreSql`, so "other" here is the row's bin there. A condition is NULL or FALSE
 * for a missing value.
 */
export function compileUnseenSql(
  icp: IcpDefinition,
  options: Pick<CompileOptions, 'dialect' | 'columns' | 'map'>,
): UnseenConditions[] {
  const resolve = columnResolver(options.columns, options.map);
  const d = dialectSql(options.dialect);
  const derived = deriveRules(icp, options.map);
  return (icp.scorecard?.attributes ?? []).map((attr) => {
    if (attr.kind === 'numeric') {
      const x = normalisedValue(
        d,
        resolve,
        attr.name,
        'number',
        derived.get(attr.name),
        isZeroOne(attr),
      );
      return {
        attribute: attr.name,
        other: null,
        outOfRange: attr.range
          ? `((${x}) NOT BETWEEN ${d.lit(attr.range.min)} AND ${d.lit(attr.range.max)})`
          : null,
      };
    }
    const k = normalisedValue(d, resolve, attr.name, 'key', derived.get(attr.name));
    const named = attr.bins.flatMap((b) =>
      b.bin.kind === 'categories' ? binKeys(b.bin.values) : [],
    );
    return {
      attribute: attr.name,
      other:
        named.length > 0
          ? `coalesce(NOT (${d.inList(`(${k})`, named.map(d.quoteLiteral))}), ${d.false})`
          : `((${k}) IS NOT NULL)`,
      outOfRange: null,
    };
  });
}

/**
 * An attribute of `src` as a category key or a number (NULL when missing or not one), read as
 * `scoreRecord` reads it (core/parse); a derived attribute is computed from its source column.
 */
function normalisedValue(
  d: DialectSql,
  resolve: (name: string) => string | undefined,
  name: string,
  kind: 'key' | 'number',
  derive: DeriveRule | undefined,
  zeroOne = false,
): string {
  const dialect = d.name;
  // ClickHouse's innermost stage reads the table without an alias.
  const column = (n: string) => {
    const c = resolve(n);
    if (c === undefined) return 'NULL';
    return dialect === 'clickhouse' ? d.quoteIdent(c) : `src.${d.quoteIdent(c)}`;
  };
  if (derive) {
    // A derived value is already what scoreRecord reads: "yes" / "no" (a key, never a number)
    // or a whole number of years or days, whose key is its digits as text.
    const value = deriveSql(dialect, derive, column(derive.from));
    if (derive.kind === 'has') return kind === 'key' ? value : `CAST(NULL AS ${d.nullDouble})`;
    if (kind === 'number') return value;
    return keySql(dialect, textSql(dialect, `CAST(CAST(${value} AS ${d.bigint}) AS ${d.text})`));
  }
  const text = textSql(dialect, column(name));
  return kind === 'key' ? keySql(dialect, text) : numberSql(dialect, text, { booleans: zeroOne });
}

/** Numeric attributes that were 0 or 1 in training: there a BOOLEAN reads as 1 / 0. */
function zeroOneAttributes(icp: IcpDefinition): Set<string> {
  return new Set((icp.scorecard?.attributes ?? []).filter(isZeroOne).map((a) => a.name));
}

/**
 * The derive rule of each derived attribute. With `--map` naming a column for the attribute
 * itself, the rule reads that column in place of its stored `from`.
 */
function deriveRules(
  icp: IcpDefinition,
  map: Readonly<Record<string, string>> | undefined,
): Map<string, DeriveRule> {
  return new Map(
    (icp.scorecard?.attributes ?? []).flatMap((a) =>
      a.derive ? [[a.name, map?.[a.name] ? { ...a.derive, from: a.name } : a.derive] as const] : [],
    ),
  );
}

/** The stages of the scoring SQL: normalised values, bins, then points and texts. */
type Stage = 'n' | 'b' | 'p';

function columnResolver(
  columns: readonly string[] | undefined,
  map: Readonly<Record<string, string>> | undefined,
): (name: string) => string | undefined {
  const byNormal = new Map<string, string>();
  for (const c of columns ?? [])
    if (!byNormal.has(normalizeHeader(c))) byNormal.set(normalizeHeader(c), c);
  return (attribute) => {
    const name = map?.[attribute] ?? attribute;
    if (!columns) return name;
    return columns.includes(name) ? name : byNormal.get(normalizeHeader(name));
  };
}
