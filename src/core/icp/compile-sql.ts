import { IcpError } from '../errors/icp-error.js';
import { stagedSelects } from '../parse/clickhouse-sql.js';
import type { IcpDefinition } from './definition.js';
import { type Dialect, type DialectSql, dialectSql } from './dialect-sql.js';
import type { ExplainSql } from './explain-sql.js';
import { binStages } from './bin-sql.js';
import {
  columnResolver,
  deriveRules,
  namedKeys,
  normaliser,
  type Stage,
  unseenConditions,
  type StageColumn,
  zeroOneAttributes,
} from './normalise-sql.js';
import { checkReasons, outputColumns, type Reasons, stage3Columns } from './output-sql.js';
import { fitsReasonBits, REASON_BIT_COLUMNS } from './reason-bits-sql.js';
import { type ScorePlan, scorePlan, scoringUnits } from './score-plan.js';
import { describeCondition } from './score-record.js';

export type { Dialect } from './dialect-sql.js';
export { checkReasons, REASONS, type Reasons } from './output-sql.js';
export { compileUnseenSql, type UnseenConditions } from './normalise-sql.js';

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
  /**
   * DuckDB: count the batch summary in the same pass, into the temporary sequences of
   * `tallyKeys` (tally-sql.ts), which must exist.
   */
  readonly tally?: boolean;
  /** 'none' leaves icp_reasons out (and the work of its text); by default 'text'. */
  readonly reasons?: Reasons;
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
  const { dialect, columns } = options;
  const reasons = checkReasons(options.reasons ?? 'text');
  const plan = scorePlan(icp);
  const d = dialectSql(dialect);
  // ClickHouse's nested subqueries name their columns without a table prefix.
  const at = (stage: Stage): string => (dialect === 'clickhouse' ? '' : `${stage}.`);
  const resolve = columnResolver(columns, options.map);
  const derived = deriveRules(icp, options.map);
  const norm = normaliser(d, resolve, derived, zeroOneAttributes(icp), namedKeys(icp), at);
  const stages = binStages(icp, norm, d);
  const dropped = (columns ?? []).filter(isIcpColumn);
  // Stage 3 (p) reads the bins of stage b; the outputs read them from p in DuckDB's nested
  // projections and from b in PostgreSQL's laterals.
  const explain = (alias: Stage): ExplainSql => ({
    dialect,
    plan,
    bin: (i) => `${at(alias)}__icp_b${i}`,
    lit: d.lit,
  });
  const eo = explain(dialect === 'duckdb' ? 'p' : 'b');
  const tally =
    options.tally && dialect === 'duckdb'
      ? unseenConditions(icp, d, (name, kind) => `p.${norm.alias(name, kind)!}`)
      : undefined;
  const parts: QueryParts = {
    header: headerLines(icp, dialect, dropped, reasons),
    values: stages.values,
    binsAndHits: [...stages.bins, ...stages.hits],
    stage3: stage3Columns(icp, explain('b'), at, reasons),
    outputs: outputColumns(icp, eo, options.minCoverage ?? plan.minCoverage, at, {
      tally,
      reasons,
    }),
  };
  if (dialect === 'clickhouse')
    return clickHouseQuery(
      parts,
      { ...options, from: stagedSelects(norm.lets(), options.from) },
      d,
    );
  if (dialect === 'postgres')
    return postgresQuery(parts, options, { d, dropped, texts: norm.texts() });
  const helpers = [
    ...norm.casts().map((t) => t.alias),
    ...norm.texts().map((t) => t.alias),
    ...stages.aliases,
    ...helperColumns(icp, plan, reasons),
    ...(stages.values.length > 0 ? [] : ['__icp_none']),
  ];
  return duckDbQuery(parts, options.from, {
    d,
    dropped,
    helpers,
    casts: norm.casts(),
    texts: norm.texts(),
  });
}

/** The SQL pieces of each stage, before they are put together for a dialect. */
interface QueryParts {
  readonly header: readonly string[];
  readonly values: readonly string[];
  readonly binsAndHits: readonly string[];
  readonly stage3: readonly string[];
  readonly outputs: readonly string[];
}

/** Stage 1's columns, or a placeholder where no attribute is read. */
const valuesOrNone = (parts: QueryParts) =>
  parts.values.length > 0 ? parts.values : ['1 AS __icp_none'];

/**
 * ClickHouse 18 has no LATERAL and no SELECT * EXCEPT, and a WITH clause is expanded like a
 * macro (the reasons name each bin so often that the expanded query passes its size limit):
 * nested subqueries, as for DuckDB, and the input columns named at both ends. `from` is
 * already wrapped in the stages of the cell readings' values (`stagedSelects`).
 */
function clickHouseQuery(parts: QueryParts, options: CompileOptions, d: DialectSql): string {
  const { columns } = options;
  if (!columns)
    throw new IcpError(
      'USAGE',
      "ClickHouse needs the table's columns to leave the helper columns out: pass them (icp sql --columns a,b,...).",
    );
  const input = columns.filter((c) => !isIcpColumn(c)).map(d.quoteIdent);
  return [
    ...parts.header,
    `SELECT ${[...input, ...parts.outputs].join(',\n  ')}`,
    'FROM (',
    `  SELECT *, ${parts.stage3.join(',\n    ')}`,
    '  FROM (',
    `    SELECT *, ${parts.binsAndHits.join(',\n      ')}`,
    `    FROM (SELECT ${[...input, ...valuesOrNone(parts)].join(',\n        ')} FROM ${options.from})`,
    '  )',
    ')',
  ].join('\n');
}

/**
 * PostgreSQL runs LATERAL subqueries without FROM as per-row projections: cheap and streaming.
 * OFFSET 0 keeps each one a stage of its own: without it the planner pulls them up and repeats
 * a column's whole expression (regular expressions included) wherever a later stage names it,
 * and the reasons name every bin many times.
 */
function postgresQuery(
  parts: QueryParts,
  options: CompileOptions,
  x: { d: DialectSql; dropped: readonly string[]; texts: readonly StageColumn[] },
): string {
  const { d, dropped } = x;
  const kept =
    dropped.length === 0
      ? 'src.*'
      : options
          .columns!.filter((c) => !isIcpColumn(c))
          .map((c) => `src.${d.quoteIdent(c)}`)
          .join(', ');
  return [
    ...parts.header,
    `SELECT ${kept},\n  ${parts.outputs.join(',\n  ')}`,
    `FROM ${options.from} AS src`,
    ...(x.texts.length > 0
      ? [`CROSS JOIN LATERAL (SELECT ${stageList(x.texts).join(',\n    ')} OFFSET 0) AS s`]
      : []),
    `CROSS JOIN LATERAL (SELECT ${valuesOrNone(parts).join(',\n    ')} OFFSET 0) AS n`,
    `CROSS JOIN LATERAL (SELECT ${parts.binsAndHits.join(',\n    ')} OFFSET 0) AS b`,
    `CROSS JOIN LATERAL (SELECT ${parts.stage3.join(',\n    ')} OFFSET 0) AS p`,
  ].join('\n');
}

/**
 * DuckDB would decorrelate LATERAL joins with a join on every column (memory grows with the
 * rows); nested projections stream, and EXCLUDE drops the helper columns at the end. The
 * innermost stage adds each read column's trimmed text (see `normaliser`).
 */
function duckDbQuery(
  parts: QueryParts,
  from: string,
  x: {
    d: DialectSql;
    dropped: readonly string[];
    helpers: readonly string[];
    casts: readonly StageColumn[];
    texts: readonly StageColumn[];
  },
): string {
  const input =
    x.dropped.length === 0
      ? 'src.*'
      : `src.* EXCLUDE (${x.dropped.map(x.d.quoteIdent).join(', ')})`;
  // Stage c, each read column as text, under stage s when any column is read.
  const cast =
    x.casts.length === 0
      ? from
      : `(SELECT ${[input, ...stageList(x.casts)].join(',\n        ')} FROM ${from} AS src)`;
  const texts = [x.casts.length === 0 ? input : 'src.*', ...stageList(x.texts)];
  return [
    ...parts.header,
    `SELECT * EXCLUDE (${x.helpers.join(', ')}),\n  ${parts.outputs.join(',\n  ')}`,
    'FROM (',
    `  SELECT *, ${parts.stage3.join(',\n    ')}`,
    '  FROM (',
    `    SELECT *, ${parts.binsAndHits.join(',\n      ')}`,
    `    FROM (SELECT src.*, ${valuesOrNone(parts).join(',\n        ')}`,
    `      FROM (SELECT ${texts.join(',\n        ')} FROM ${cast} AS src) AS src) AS n`,
    '  ) AS b',
    ') AS p',
  ].join('\n');
}

/** A stage's columns as `sql AS alias`. */
const stageList = (columns: readonly StageColumn[]) => columns.map((c) => `${c.sql} AS ${c.alias}`);

/** The helper columns of DuckDB's stages 2 and 3, and stage 3's outputs, left out at the end. */
function helperColumns(icp: IcpDefinition, plan: ScorePlan, reasons: Reasons): string[] {
  return [
    ...scoringUnits(plan).map((_, i) => `__icp_b${i}`),
    ...icp.rules.map((_, j) => `__icp_h${j}`),
    '__icp_hits',
    '__icp_gain',
    ...(reasons === 'none' ? [] : fitsReasonBits(plan) ? REASON_BIT_COLUMNS : ['__icp_ranks']),
    'icp_score',
    'icp_coverage',
    'icp_missing',
    'icp_disqualified',
  ];
}

/** The comment that heads the SQL: what it returns, what it replaces, the hard rules. */
function headerLines(
  icp: IcpDefinition,
  dialect: Dialect,
  dropped: readonly string[],
  reasons: Reasons,
): string[] {
  const line = (s: string) => s.replace(/[\r\n]+/g, ' ');
  const added = ICP_COLUMNS.filter((c) => reasons !== 'none' || c !== 'icp_reasons');
  return [
    `-- ICP ${icp.id}, compiled for ${dialect}: every input column plus ${added.join(', ')}`,
    ...(dropped.length > 0 ? [line(`-- the input's own ${dropped.join(', ')} are replaced`)] : []),
    ...(icp.rules.length > 0
      ? [
          '-- hard rules:',
          ...icp.rules.map((r) => line(`--   ${r.kind} ${describeCondition(r.when)}`)),
        ]
      : []),
  ];
}
