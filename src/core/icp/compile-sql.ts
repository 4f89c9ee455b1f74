import { normalizeHeader } from '../model/canonical.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type { Condition, IcpDefinition } from './definition.js';
import { describeCondition, NEAR_MISS_POINTS, NUMBER_PATTERN } from './score-record.js';

export type Dialect = 'duckdb' | 'postgres';

export interface CompileOptions {
  readonly dialect: Dialect;
  /** The table (or a parenthesised subquery) to score, as SQL. */
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

/** Null tokens of `categoryKey`, compared lower-cased and trimmed. */
const NULL_KEYS = ['', 'na', 'n/a', 'null', 'none', 'nan', '-', '?', '#n/a', 'unknown'];

/**
 * Compiles an ICP to one SELECT returning every column of `from` plus the icp_* columns,
 * computed inside the database with the same answers as `scoreRecord`. Every identifier and
 * literal is quoted, so hostile column names and values cannot break out of the query.
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
  const varchar = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const double = dialect === 'duckdb' ? 'DOUBLE' : 'double precision';

  /** SQL for one source row read through `alias`. */
  const exprs = (alias: string) => {
    const text = (name: string) => {
      const column = resolve(name);
      return column === undefined
        ? `CAST(NULL AS ${varchar})`
        : `NULLIF(trim(CAST(${alias}.${quoteIdent(column)} AS ${varchar})), '')`;
    };
    const key = (name: string) => {
      const t = `lower(${text(name)})`;
      return `(CASE WHEN ${t} IN (${NULL_KEYS.map(quoteLiteral).join(', ')}) THEN NULL ELSE NULLIF(trim(regexp_replace(${t}, '[\\s_./&+-]+', ' ', 'g')), '') END)`;
    };
    const number = (name: string) => {
      const t = text(name);
      const matches =
        dialect === 'duckdb'
          ? `regexp_full_match(${t}, ${quoteLiteral(NUMBER_PATTERN)})`
          : `${t} ~ ${quoteLiteral(`^(${NUMBER_PATTERN})$`)}`;
      return `(CASE WHEN ${matches} THEN CAST(replace(${t}, ',', '') AS ${double}) END)`;
    };
    const condition = (c: Condition): string => {
      switch (c.op) {
        case 'missing':
          return `(${key(c.attribute)} IS NULL)`;
        case 'present':
          return `(${key(c.attribute)} IS NOT NULL)`;
        case 'in':
        case 'not_in': {
          const keys = c.values.map((v) =>
            v
              .normalize('NFKC')
              .toLowerCase()
              .trim()
              .replace(/[\s_\-./&+]+/g, ' ')
              .trim(),
          );
          const inside = `${key(c.attribute)} IN (${keys.map(quoteLiteral).join(', ')})`;
          return c.op === 'in'
            ? `coalesce(${inside}, FALSE)`
            : `coalesce(${key(c.attribute)} IS NOT NULL AND NOT (${inside}), FALSE)`;
        }
        case 'between':
          return `coalesce(${number(c.attribute)} BETWEEN ${lit(c.min)} AND ${lit(c.max)}, FALSE)`;
        case 'range': {
          const x = number(c.attribute);
          return `coalesce(${x} IS NOT NULL${c.min === null ? '' : ` AND ${x} >= ${lit(c.min)}`}${c.max === null ? '' : ` AND ${x} < ${lit(c.max)}`}, FALSE)`;
        }
        default:
          return `coalesce(${number(c.attribute)} ${c.op} ${lit(c.value)}, FALSE)`;
      }
    };
    const attributes = card.attributes.map((attr) => {
      const missingIndex = attr.bins.findIndex((b) => b.bin.kind === 'missing');
      const whens: { when: string; bin: number }[] = [];
      if (attr.kind === 'numeric') {
        const x = number(attr.name);
        whens.push({ when: `${x} IS NULL`, bin: missingIndex });
        attr.bins.forEach((b, i) => {
          if (b.bin.kind === 'range' && b.bin.hi !== null)
            whens.push({ when: `${x} < ${lit(b.bin.hi)}`, bin: i });
        });
        whens.push({
          when: 'TRUE',
          bin: attr.bins.findIndex((b) => b.bin.kind === 'range' && b.bin.hi === null),
        });
      } else {
        const k = key(attr.name);
        const other = attr.bins.findIndex((b) => b.bin.kind === 'other');
        whens.push({ when: `${k} IS NULL`, bin: missingIndex });
        attr.bins.forEach((b, i) => {
          if (b.bin.kind === 'categories')
            whens.push({ when: `${k} IN (${b.bin.values.map(quoteLiteral).join(', ')})`, bin: i });
        });
        whens.push({ when: 'TRUE', bin: other >= 0 ? other : missingIndex });
      }
      const total = attr.bins.reduce((s, b) => s + b.count, 0);
      const average = total > 0 ? attr.bins.reduce((s, b) => s + b.points * b.count, 0) / total : 0;
      const caseOf = (value: (bin: number) => string) =>
        `CASE ${whens.map((w) => `WHEN ${w.when} THEN ${value(w.bin)}`).join(' ')} END`;
      return {
        points: caseOf((b) => lit(attr.bins[b]!.points)),
        reason: caseOf((b) =>
          quoteLiteral(
            `${attr.name} ${attr.bins[b]!.bin.label}: +${attr.bins[b]!.points.toFixed(1)} (average ${average.toFixed(1)})`,
          ),
        ),
        missing: caseOf((b) =>
          attr.bins[b]!.bin.kind === 'missing' ? quoteLiteral(attr.name) : 'NULL',
        ),
      };
    });
    const hits = icp.rules.map((r) =>
      r.kind === 'disqualify' ? condition(r.when) : `NOT ${condition(r.when)}`,
    );
    const disqualified = hits.length === 0 ? 'FALSE' : `(${hits.join(' OR ')})`;
    const hitCount =
      hits.length === 0
        ? '0'
        : `(${hits.map((h) => `CASE WHEN ${h} THEN 1 ELSE 0 END`).join(' + ')})`;
    return { attributes, disqualified, hitCount };
  };

  const inner = exprs('src');
  const outer = exprs('s');
  const score = 's."icp_score"';
  const tier = `CASE WHEN ${score} >= ${lit(tiers.A)} THEN 'A' WHEN ${score} >= ${lit(tiers.B)} THEN 'B' WHEN ${score} >= ${lit(tiers.C)} THEN 'C' ELSE 'D' END`;
  const logit = `(${lit(card.intercept)} + ${score} * ${lit(card.scale)})`;
  const short = (threshold: number) => `${lit(threshold)} - ${score} <= ${NEAR_MISS_POINTS}`;
  // As scoreRecord: held back by exactly one rule while not tier D on points, or a few points short of the next tier.
  const nearMiss = `CASE WHEN ${outer.hitCount} = 1 THEN ${score} >= ${lit(tiers.C)} WHEN ${outer.disqualified} THEN FALSE WHEN ${score} >= ${lit(tiers.A)} THEN FALSE WHEN ${score} >= ${lit(tiers.B)} THEN ${short(tiers.A)} WHEN ${score} >= ${lit(tiers.C)} THEN ${short(tiers.B)} ELSE ${short(tiers.C)} END`;
  const rules = icp.rules.map((r) =>
    `--   ${r.kind} ${describeCondition(r.when)}`.replace(/[\r\n]+/g, ' '),
  );
  return [
    `-- ICP ${icp.id}, compiled for ${dialect}: every input column plus ${ICP_COLUMNS.join(', ')}`,
    ...(rules.length > 0 ? ['-- hard rules:', ...rules] : []),
    'SELECT s.*,',
    `  1.0 / (1.0 + exp(-(${lit(card.calibration.a)} * ${logit} + ${lit(card.calibration.b)}))) AS icp_probability,`,
    `  CASE WHEN ${outer.disqualified} THEN 'D' ELSE ${tier} END AS icp_tier,`,
    `  concat_ws('; ', ${outer.attributes.map((p) => p.reason).join(', ')}) AS icp_reasons,`,
    `  ${outer.disqualified} AS icp_disqualified,`,
    `  ${nearMiss} AS icp_near_miss,`,
    `  concat_ws(', ', ${outer.attributes.map((p) => p.missing).join(', ')}) AS icp_missing`,
    `FROM (SELECT src.*, (${inner.attributes.map((p) => p.points).join(' + ')}) AS "icp_score" FROM ${from} AS src) AS s`,
  ].join('\n');
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
