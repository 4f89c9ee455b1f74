import { categoryKey, NULL_TOKENS } from '../binning/normalize-category.js';
import { normalizeHeader } from '../model/canonical.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type { Condition, IcpDefinition } from './definition.js';
import { describeCondition, NEAR_MISS_POINTS, NUMBER_PATTERN } from './score-record.js';

export type Dialect = 'duckdb' | 'postgres';

export interface CompileOptions {
  readonly dialect: Dialect;
  /** The table (or a table function / parenthesised subquery) to score, as SQL. */
  readonly from: string;
  /** The table's columns, to match attribute names ignoring case and punctuation. */
  readonly columns?: readonly string[];
}

/** The output columns added to every input row, in order. */
export const ICP_COLUMNS = [
  'icp_score',
  'icp_probability',
  'icp_tier',
  'icp_reasons',
  'icp_disqualified',
  'icp_near_miss',
  'icp_missing',
] as const;

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
  const card = icp.scorecard;
  const tiers = icp.tiers;
  if (!card || !tiers)
    throw new RangeError(`this ICP has no scorecard (verdict ${icp.verdict.kind})`);
  const resolve = columnResolver(columns);

  // Stage 1 (n): every attribute used, as a category key or a number, computed once.
  const normalised = new Map<string, { alias: string; sql: string }>();
  const value = (name: string, kind: 'key' | 'number'): string => {
    const id = `${kind}:${name}`;
    let found = normalised.get(id);
    if (!found) {
      const sql = normalisedValue(dialect, resolve(name), kind);
      found = { alias: `__icp_v${normalised.size}`, sql };
      normalised.set(id, found);
    }
    return `n.${found.alias}`;
  };

  // Stage 2 (b): the bin of each scorecard attribute, and whether each hard rule is hit.
  const bins = card.attributes.map((attr, i) => {
    const missing = attr.bins.findIndex((b) => b.bin.kind === 'missing');
    const whens: string[] = [];
    if (attr.kind === 'numeric') {
      const x = value(attr.name, 'number');
      whens.push(`WHEN ${x} IS NULL THEN ${missing}`);
      attr.bins.forEach((b, j) => {
        if (b.bin.kind === 'range' && b.bin.hi !== null)
          whens.push(`WHEN ${x} < ${lit(b.bin.hi)} THEN ${j}`);
      });
      whens.push(`ELSE ${attr.bins.findIndex((b) => b.bin.kind === 'range' && b.bin.hi === null)}`);
    } else {
      const k = value(attr.name, 'key');
      const other = attr.bins.findIndex((b) => b.bin.kind === 'other');
      whens.push(`WHEN ${k} IS NULL THEN ${missing}`);
      attr.bins.forEach((b, j) => {
        if (b.bin.kind === 'categories')
          whens.push(`WHEN ${k} IN (${b.bin.values.map(quoteLiteral).join(', ')}) THEN ${j}`);
      });
      whens.push(`ELSE ${other >= 0 ? other : missing}`);
    }
    return `CASE ${whens.join(' ')} END AS __icp_b${i}`;
  });
  const condition = (c: Condition): string => {
    switch (c.op) {
      case 'missing':
        return `(${value(c.attribute, 'key')} IS NULL)`;
      case 'present':
        return `(${value(c.attribute, 'key')} IS NOT NULL)`;
      case 'in':
      case 'not_in': {
        const k = value(c.attribute, 'key');
        const keys = c.values
          .map((v) => categoryKey(v))
          .filter((key): key is string => key !== null);
        const inside = `${k} IN (${keys.map(quoteLiteral).join(', ')})`;
        return c.op === 'in'
          ? `coalesce(${inside}, FALSE)`
          : `coalesce(${k} IS NOT NULL AND NOT (${inside}), FALSE)`;
      }
      case 'between':
        return `coalesce(${value(c.attribute, 'number')} BETWEEN ${lit(c.min)} AND ${lit(c.max)}, FALSE)`;
      case 'range': {
        const x = value(c.attribute, 'number');
        return `coalesce(${x} IS NOT NULL${c.min === null ? '' : ` AND ${x} >= ${lit(c.min)}`}${c.max === null ? '' : ` AND ${x} < ${lit(c.max)}`}, FALSE)`;
      }
      default:
        return `coalesce(${value(c.attribute, 'number')} ${c.op} ${lit(c.value)}, FALSE)`;
    }
  };
  const hits = icp.rules.map(
    (r, j) =>
      `${r.kind === 'disqualify' ? condition(r.when) : `NOT ${condition(r.when)}`} AS __icp_h${j}`,
  );

  // Stage 3 (p): score, reasons, missing and disqualification from the bins.
  const byBin = (i: number, text: (j: number) => string) =>
    `CASE b.__icp_b${i} ${card.attributes[i]!.bins.map((_, j) => `WHEN ${j} THEN ${text(j)}`).join(' ')} END`;
  const averages = card.attributes.map((attr) => {
    const total = attr.bins.reduce((s, b) => s + b.count, 0);
    return total > 0 ? attr.bins.reduce((s, b) => s + b.points * b.count, 0) / total : 0;
  });
  const score = card.attributes
    .map((attr, i) => byBin(i, (j) => lit(attr.bins[j]!.points)))
    .join(' + ');
  const reasons = card.attributes.map((attr, i) =>
    byBin(i, (j) =>
      quoteLiteral(
        `${attr.name} ${attr.bins[j]!.bin.label}: +${attr.bins[j]!.points.toFixed(1)} (average ${averages[i]!.toFixed(1)})`,
      ),
    ),
  );
  const missing = card.attributes.map((attr, i) =>
    byBin(i, (j) => (attr.bins[j]!.bin.kind === 'missing' ? quoteLiteral(attr.name) : 'NULL')),
  );
  const disqualified =
    hits.length === 0 ? 'FALSE' : `(${icp.rules.map((_, j) => `b.__icp_h${j}`).join(' OR ')})`;
  const hitCount =
    hits.length === 0
      ? '0'
      : `(${icp.rules.map((_, j) => `CASE WHEN b.__icp_h${j} THEN 1 ELSE 0 END`).join(' + ')})`;

  // Stage 4 (o): probability, tier and near miss from the score.
  const s = 'p.icp_score';
  const tier = `CASE WHEN ${s} >= ${lit(tiers.A)} THEN 'A' WHEN ${s} >= ${lit(tiers.B)} THEN 'B' WHEN ${s} >= ${lit(tiers.C)} THEN 'C' ELSE 'D' END`;
  const logit = `(${lit(card.intercept)} + ${s} * ${lit(card.scale)})`;
  const short = (threshold: number) => `${lit(threshold)} - ${s} <= ${NEAR_MISS_POINTS}`;
  // As scoreRecord: held back by exactly one rule while not tier D on points, or a few points short of the next tier.
  const nearMiss = `CASE WHEN p.__icp_hits = 1 THEN ${s} >= ${lit(tiers.C)} WHEN p.icp_disqualified THEN FALSE WHEN ${s} >= ${lit(tiers.A)} THEN FALSE WHEN ${s} >= ${lit(tiers.B)} THEN ${short(tiers.A)} WHEN ${s} >= ${lit(tiers.C)} THEN ${short(tiers.B)} ELSE ${short(tiers.C)} END`;
  const rules = icp.rules.map((r) =>
    `--   ${r.kind} ${describeCondition(r.when)}`.replace(/[\r\n]+/g, ' '),
  );
  const nCols = [...normalised.values()].map((v) => `${v.sql} AS ${v.alias}`);
  const header = [
    `-- ICP ${icp.id}, compiled for ${dialect}: every input column plus ${ICP_COLUMNS.join(', ')}`,
    ...(rules.length > 0 ? ['-- hard rules:', ...rules] : []),
  ];
  const stage3 = [
    `(${score}) AS icp_score`,
    `concat_ws('; ', ${reasons.join(', ')}) AS icp_reasons`,
    `concat_ws(', ', ${missing.join(', ')}) AS icp_missing`,
    `${disqualified} AS icp_disqualified`,
    `${hitCount} AS __icp_hits`,
  ];
  const outputs = [
    'p.icp_score',
    `1.0 / (1.0 + exp(-(${lit(card.calibration.a)} * ${logit} + ${lit(card.calibration.b)}))) AS icp_probability`,
    `CASE WHEN p.icp_disqualified THEN 'D' ELSE ${tier} END AS icp_tier`,
    'p.icp_reasons',
    'p.icp_disqualified',
    `${nearMiss} AS icp_near_miss`,
    'p.icp_missing',
  ];
  if (dialect === 'postgres') {
    // PostgreSQL runs LATERAL subqueries without FROM as per-row projections: cheap and streaming.
    return [
      ...header,
      `SELECT src.*,\n  ${outputs.join(',\n  ')}`,
      `FROM ${from} AS src`,
      `CROSS JOIN LATERAL (SELECT ${nCols.length > 0 ? nCols.join(',\n    ') : '1 AS __icp_none'}) AS n`,
      `CROSS JOIN LATERAL (SELECT ${[...bins, ...hits].join(',\n    ')}) AS b`,
      `CROSS JOIN LATERAL (SELECT ${stage3.join(',\n    ')}) AS p`,
    ].join('\n');
  }
  // DuckDB would decorrelate LATERAL joins with a join on every column (memory grows with the
  // rows); nested projections stream, and EXCLUDE drops the helper columns at the end.
  const helpers = [
    ...[...normalised.values()].map((v) => v.alias),
    ...card.attributes.map((_, i) => `__icp_b${i}`),
    ...icp.rules.map((_, j) => `__icp_h${j}`),
    '__icp_hits',
    ...(nCols.length > 0 ? [] : ['__icp_none']),
  ];
  const own = ['icp_score', 'icp_reasons', 'icp_missing', 'icp_disqualified'];
  return [
    ...header,
    `SELECT * EXCLUDE (${[...helpers, ...own].join(', ')}),\n  ${outputs.join(',\n  ')}`,
    'FROM (',
    `  SELECT *, ${stage3.join(',\n    ')}`,
    '  FROM (',
    `    SELECT *, ${[...bins, ...hits].join(',\n      ')}`,
    `    FROM (SELECT src.*, ${nCols.length > 0 ? nCols.join(',\n        ') : '1 AS __icp_none'} FROM ${from} AS src) AS n`,
    '  ) AS b',
    ') AS p',
  ].join('\n');
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
  options: Pick<CompileOptions, 'dialect' | 'columns'>,
): UnseenConditions[] {
  const resolve = columnResolver(options.columns);
  return (icp.scorecard?.attributes ?? []).map((attr) => {
    if (attr.kind === 'numeric') {
      const x = normalisedValue(options.dialect, resolve(attr.name), 'number');
      return {
        attribute: attr.name,
        other: null,
        outOfRange: attr.range
          ? `((${x}) NOT BETWEEN ${lit(attr.range.min)} AND ${lit(attr.range.max)})`
          : null,
      };
    }
    const k = normalisedValue(options.dialect, resolve(attr.name), 'key');
    const named = attr.bins.flatMap((b) => (b.bin.kind === 'categories' ? b.bin.values : []));
    return {
      attribute: attr.name,
      other:
        named.length > 0
          ? `coalesce(NOT ((${k}) IN (${named.map(quoteLiteral).join(', ')})), FALSE)`
          : `((${k}) IS NOT NULL)`,
      outOfRange: null,
    };
  });
}

/**
 * A column of `src` as a category key (trimmed, lower case, punctuation runs as one space,
 * null tokens as NULL) or as a number (NULL unless it looks like one), as SQL.
 */
function normalisedValue(
  dialect: Dialect,
  column: string | undefined,
  kind: 'key' | 'number',
): string {
  const varchar = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const double = dialect === 'duckdb' ? 'DOUBLE' : 'double precision';
  const text =
    column === undefined
      ? `CAST(NULL AS ${varchar})`
      : `NULLIF(trim(CAST(src.${quoteIdent(column)} AS ${varchar})), '')`;
  if (kind === 'key') {
    const t = `lower(${text})`;
    // The pattern goes through quoteLiteral (an E'' string): written inline, its backslash
    // would be an escape in PostgreSQL under standard_conforming_strings = off.
    return `CASE WHEN ${t} IN (${NULL_TOKENS.map(quoteLiteral).join(', ')}) THEN NULL ELSE NULLIF(trim(regexp_replace(${t}, ${quoteLiteral('[\\s_./&+-]+')}, ' ', 'g')), '') END`;
  }
  const matches =
    dialect === 'duckdb'
      ? `regexp_full_match(${text}, ${quoteLiteral(NUMBER_PATTERN)})`
      : `${text} ~ ${quoteLiteral(`^(${NUMBER_PATTERN})$`)}`;
  return `CASE WHEN ${matches} THEN CAST(replace(${text}, ',', '') AS ${double}) END`;
}

function columnResolver(
  columns: readonly string[] | undefined,
): (name: string) => string | undefined {
  if (!columns) return (name) => name;
  const byNormal = new Map<string, string>();
  for (const c of columns)
    if (!byNormal.has(normalizeHeader(c))) byNormal.set(normalizeHeader(c), c);
  return (name) => (columns.includes(name) ? name : byNormal.get(normalizeHeader(name)));
}

/**
 * A number as a SQL literal of type double, at full precision. A bare 0.5 would be an exact
 * NUMERIC in PostgreSQL (and DECIMAL in DuckDB): sums would then differ from the library's
 * floating-point ones in the last digit, and a score on a tier boundary would change tier.
 */
function lit(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} into SQL`);
  return `CAST(${quoteLiteral(String(x))} AS DOUBLE PRECISION)`;
}
