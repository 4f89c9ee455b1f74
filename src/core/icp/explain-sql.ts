import { quoteLiteral, quoteText } from '../sql/quote.js';
import { type Dialect, type DialectSql, dialectSql } from './dialect-sql.js';
import {
  NEAR_MISS_POINTS,
  REASONS_EACH_WAY,
  SCORE_DECIMALS,
  SHARE_DECIMALS,
  type ScorePlan,
  scoringUnits,
} from './score-plan.js';

/**
 * The SQL of what a score says beyond its points, from a `ScorePlan`, so that it reads the same
 * as `scoreRecord`: rounding, coverage, the reasons, the unknown tier's reason and the near
 * miss. `bin(i)` is the SQL of the row's bin index in attribute i; `lit` writes a double.
 */
export interface ExplainSql {
  readonly dialect: Dialect;
  readonly plan: ScorePlan;
  readonly bin: (i: number) => string;
  readonly lit: (x: number) => string;
}

/** `floor(x * 10^d + 0.5) / 10^d` over doubles: `roundHalfUp` in SQL. */
export function roundSql(e: ExplainSql, x: string, digits: number): string {
  const f = e.lit(10 ** digits);
  return `floor((${x}) * ${f} + ${e.lit(0.5)}) / ${f}`;
}

/** A CASE on unit i's bin (see `scoringUnits`) giving each bin's SQL, with an ELSE for bins without one. */
function byBin(e: ExplainSql, i: number, sql: (j: number) => string | null, otherwise: string) {
  const whens = scoringUnits(e.plan)[i]!.bins.flatMap((_, j) => {
    const s = sql(j);
    return s === null ? [] : [[j, s] as const];
  });
  return whens.length === 0 ? otherwise : dialectSql(e.dialect).caseOf(e.bin(i), whens, otherwise);
}

/**
 * The raw score (before rounding): points summed in scorecard order, then the interactions', as
 * the library adds them.
 */
export function rawScoreSql(e: ExplainSql): string {
  return scoringUnits(e.plan)
    .map((a, i) => byBin(e, i, (j) => e.lit(a.bins[j]!.points), 'NULL'))
    .join(' + ');
}

/** Share of the scorecard's weight observed, rounded as the library rounds it. */
export function coverageSql(e: ExplainSql): string {
  const sum = e.plan.attributes
    .map(
      (a, i) =>
        `CASE WHEN ${e.bin(i)} = ${a.missingBin} THEN ${e.lit(0)} ELSE ${e.lit(a.weight)} END`,
    )
    .join(' + ');
  return roundSql(e, sum, SHARE_DECIMALS);
}

/** Whether attribute i is missing in the row. */
const isMissing = (e: ExplainSql, i: number) => `${e.bin(i)} = ${e.plan.attributes[i]!.missingBin}`;

/**
 * "too little is known: A, B and C are missing", built from the bins without lists or arrays
 * (the same SQL in every dialect): each missing attribute is preceded by nothing when it is the
 * first missing one, " and " when it is the last, ", " otherwise.
 */
export function unknownReasonSql(e: ExplainSql): string {
  const d = dialectSql(e.dialect);
  const n = e.plan.attributes.length;
  const anyOf = (from: number, to: number) => {
    const parts = [];
    for (let k = from; k < to; k++) parts.push(isMissing(e, k));
    return parts.length === 0 ? d.false : `(${parts.join(' OR ')})`;
  };
  const pieces = e.plan.attributes.map(
    (a, i) =>
      `CASE WHEN ${isMissing(e, i)} THEN CASE WHEN NOT ${anyOf(0, i)} THEN '' WHEN NOT ${anyOf(i + 1, n)} THEN ' and ' ELSE ', ' END || ${d.quoteLiteral(a.name)} END`,
  );
  const count = e.plan.attributes.map((_, i) => `CASE WHEN ${isMissing(e, i)} THEN 1 ELSE 0 END`);
  return d.concat([
    "'too little is known: '",
    ...pieces,
    `CASE WHEN (${count.join(' + ')}) = 1 THEN ' is missing' ELSE ' are missing' END`,
  ]);
}

/** Units (attributes, then interactions) with a bin that can be a reason; the others never are. */
function reasonAttributes(plan: ScorePlan): number[] {
  return scoringUnits(plan).flatMap((a, i) => (a.bins.some((b) => b.rank !== null) ? [i] : []));
}

/**
 * Stage 3 columns for the reasons: per attribute that can give one, the rank of the row's bin
 * (`__icp_r<i>`, NULL when it is about average) and its text (`__icp_t<i>`).
 */
export function reasonColumnsSql(e: ExplainSql): string[] {
  return reasonAttributes(e.plan).flatMap((i) => {
    const bins = scoringUnits(e.plan)[i]!.bins;
    const pick = (sql: (b: (typeof bins)[number]) => string) =>
      byBin(e, i, (j) => (bins[j]!.rank === null ? null : sql(bins[j]!)), 'NULL');
    return [
      `${pick((b) => String(b.rank))} AS __icp_r${i}`,
      `${pick((b) => dialectSql(e.dialect).quoteLiteral(b.text))} AS __icp_t${i}`,
    ];
  });
}

/** The helper column names `reasonColumnsSql` adds. */
export function reasonColumnNames(plan: ScorePlan): string[] {
  return reasonAttributes(plan).flatMap((i) => [`__icp_r${i}`, `__icp_t${i}`]);
}

/**
 * The top reasons for and against as one "; "-separated text, from the columns of
 * `reasonColumnsSql` (read through `ref`), in plain CASE expressions that every dialect runs
 * alike and fast (no sorting per row): ranks are unique, so the k-th reason for is the bin
 * ranked below F with exactly k of the row's ranks below it, and the k-th against the bin
 * ranked F or above with exactly k above it.
 */
export function reasonsSql(
  plan: ScorePlan,
  ref: (column: string) => string,
  d: DialectSql = dialectSql('duckdb'),
): string {
  const attrs = reasonAttributes(plan);
  if (attrs.length === 0) return "''";
  const r = (i: number) => ref(`__icp_r${i}`);
  const f = plan.forCount;
  const count = (i: number, op: '<' | '>') =>
    attrs.filter((j) => j !== i).length === 0
      ? '0'
      : `(${attrs
          .filter((j) => j !== i)
          .map((j) => `CASE WHEN ${r(j)} ${op} ${r(i)} THEN 1 ELSE 0 END`)
          .join(' + ')})`;
  const nth = (k: number, side: 'for' | 'against') =>
    `CASE ${attrs
      .map(
        (i) =>
          `WHEN ${r(i)} ${side === 'for' ? '<' : '>='} ${f} AND ${count(i, side === 'for' ? '<' : '>')} = ${k} THEN ${ref(`__icp_t${i}`)}`,
      )
      .join(' ')} END`;
  const picks = [];
  for (const side of ['for', 'against'] as const)
    for (let k = 0; k < REASONS_EACH_WAY; k++) picks.push(nth(k, side));
  return d.concatWs('; ', picks);
}

/**
 * DuckDB's stage 3 column for the reasons: the ranks of the row's bins that can give one,
 * sorted (`__icp_ranks`). Read by `reasonsListSql`, it replaces the per-unit columns of
 * `reasonColumnsSql`: the texts are looked up by rank once per row instead of being picked by
 * comparing every rank with every other.
 */
export function reasonRanksSql(e: ExplainSql): string {
  const ranks = reasonColumnsSql(e).filter((_, k) => k % 2 === 0);
  const list = ranks.map((c) => c.replace(/ AS __icp_r[0-9]+$/, ''));
  return `list_sort(list_filter([${list.join(', ')}], lambda x: x IS NOT NULL)) AS __icp_ranks`;
}

/**
 * `reasonsSql` in DuckDB from the sorted ranks of `reasonRanksSql` (`ranks`): the lowest ranks
 * below F are the reasons for (strongest first), the highest at F or above the reasons against,
 * each text taken from the plan's `ranked` list, one constant, by rank.
 */
export function reasonsListSql(plan: ScorePlan, ranks: string): string {
  if (reasonAttributes(plan).length === 0) return "''";
  const f = plan.forCount;
  const n = REASONS_EACH_WAY;
  const picks = `list_concat(list_filter(${ranks}, lambda x: x < ${f})[1:${n}], list_reverse(list_filter(${ranks}, lambda x: x >= ${f}))[1:${n}])`;
  const texts = `[${plan.ranked.map((t) => quoteText(t)).join(', ')}]`;
  return `array_to_string(list_select(${texts}, list_transform(${picks}, lambda x: x + 1)), '; ')`;
}

/** The most points one move of one attribute could add (see `PlannedBin.gain`). */
export function gainSql(e: ExplainSql): string {
  const gains = e.plan.attributes.map((a, i) =>
    byBin(e, i, (j) => (a.bins[j]!.gain > 0 ? e.lit(a.bins[j]!.gain) : null), e.lit(0)),
  );
  return dialectSql(e.dialect).greatest(gains);
}

/**
 * Near miss, as `scoreRecord` decides it: never for a record whose tier is unknown; held back
 * by exactly one rule while not tier D on points; else in tier B or C, at most
 * NEAR_MISS_POINTS short of the next tier with one move making up the difference.
 */
export function nearMissSql(
  e: ExplainSql,
  r: { score: string; known: string; hits: string; disqualified: string; gain: string },
): string {
  const { A, B, C } = e.plan.tiers;
  const s = r.score;
  const close = (cut: number) =>
    `(${e.lit(cut)} - ${s} <= ${NEAR_MISS_POINTS} AND ${r.gain} >= ${e.lit(cut)} - ${s})`;
  const no = dialectSql(e.dialect).false;
  return `CASE WHEN NOT (${r.known}) THEN ${no} WHEN ${r.hits} = 1 THEN ${s} >= ${e.lit(C)} WHEN ${r.disqualified} THEN ${no} WHEN ${s} >= ${e.lit(A)} THEN ${no} WHEN ${s} >= ${e.lit(B)} THEN ${close(A)} WHEN ${s} >= ${e.lit(C)} THEN ${close(B)} ELSE ${no} END`;
}

export { SCORE_DECIMALS, SHARE_DECIMALS };

/**
 * A number as a SQL literal of type double, at full precision. A bare 0.5 would be an exact
 * NUMERIC in PostgreSQL (and DECIMAL in DuckDB): sums would then differ from the library's
 * floating-point ones in the last digit, and a score on a tier boundary would change tier.
 */
export function doubleLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} into SQL`);
  return `CAST(${quoteLiteral(String(x))} AS DOUBLE PRECISION)`;
}
