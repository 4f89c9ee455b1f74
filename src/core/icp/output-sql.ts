import { IcpError } from '../errors/icp-error.js';
import type { IcpDefinition } from './definition.js';
import { dialectSql } from './dialect-sql.js';
import {
  coverageSql,
  type ExplainSql,
  gainSql,
  nearMissSql,
  rawScoreSql,
  reasonColumnsSql,
  reasonRanksSql,
  reasonsListSql,
  reasonsSql,
  roundSql,
  SCORE_DECIMALS,
  SHARE_DECIMALS,
  unknownReasonSql,
} from './explain-sql.js';
import type { Stage } from './normalise-sql.js';
import {
  fitsReasonBits,
  reasonBitColumns,
  reasonBitsPicks,
  reasonBitsText,
} from './reason-bits-sql.js';
import type { UnseenConditions } from './normalise-sql.js';
import { tallySql } from './tally-sql.js';

/**
 * Whether the scoring writes icp_reasons: 'text', the readable reasons (the default), or
 * 'none', every other column as with 'text' and no icp_reasons (bulk scoring: the reasons are
 * most of the output's bytes, see docs/scoring.md).
 */
export type Reasons = (typeof REASONS)[number];

/** The values of `Reasons`, the default first. */
export const REASONS = ['text', 'none'] as const;

/** `reasons` if it is one of `REASONS`, else a usage error naming the option and the choices. */
export function checkReasons(reasons: unknown): Reasons {
  if ((REASONS as readonly unknown[]).includes(reasons)) return reasons as Reasons;
  throw new IcpError(
    'USAGE',
    `reasons ${JSON.stringify(reasons)}: choose text (the readable reasons in icp_reasons, the default) or none (no icp_reasons column, for bulk scoring).`,
  );
}

/** Stage 3 (p): score, coverage, missing, rule hits, near-miss gain and reasons, from the bins. */
export function stage3Columns(
  icp: IcpDefinition,
  e: ExplainSql,
  at: (s: Stage) => string,
  reasons: Reasons = 'text',
): string[] {
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
    ...(reasons === 'none'
      ? []
      : e.dialect !== 'duckdb'
        ? reasonColumnsSql(e)
        : fitsReasonBits(e.plan)
          ? reasonBitColumns(e)
          : [reasonRanksSql(e)]),
  ];
}

/**
 * The output columns after stage 3, in `ICP_COLUMNS` order (without icp_reasons when `reasons`
 * is 'none'). With `tally` (DuckDB: the unseen conditions over the last stage),
 * `icp_disqualified` also counts the row for the summary (tally-sql.ts).
 */
export function outputColumns(
  icp: IcpDefinition,
  e: ExplainSql,
  minCoverage: number,
  at: (s: Stage) => string,
  x: { tally?: readonly UnseenConditions[] | undefined; reasons?: Reasons } = {},
): string[] {
  const { tally } = x;
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
  const tier = `CASE WHEN ${p}icp_disqualified THEN 'D' WHEN ${unknown} THEN 'unknown' WHEN ${s} >= ${lit(A)} THEN 'A' WHEN ${s} >= ${lit(B)} THEN 'B' WHEN ${s} >= ${lit(C)} THEN 'C' ELSE 'D' END`;
  const reasons =
    e.dialect !== 'duckdb'
      ? reasonsSql(e.plan, (c) => `${p}${c}`, d)
      : fitsReasonBits(e.plan)
        ? reasonBitsText(e.plan, (c) => `${p}${c}`)
        : reasonsListSql(e.plan, `${p}__icp_ranks`);
  const tooLittle = `CASE WHEN ${unknown} THEN ${unknownReasonSql(e)} END`;
  // NULLIF names its text twice, and inside a CASE DuckDB computes it twice: where the picks
  // are texts or NULL (never ''), they join the same way as parts of the one concat_ws.
  const flat = e.dialect === 'duckdb' && fitsReasonBits(e.plan) && !e.plan.ranked.includes('');
  const nearMiss = nearMissSql(e, {
    score: s,
    known,
    hits: `${p}__icp_hits`,
    disqualified: `${p}icp_disqualified`,
    gain: `${p}__icp_gain`,
  });
  return [
    own('icp_score'),
    `${roundSql(e, probability, SHARE_DECIMALS)} AS icp_probability`,
    `${tier} AS icp_tier`,
    own('icp_coverage'),
    ...(x.reasons === 'none'
      ? []
      : [
          `${d.concatWs('; ', flat ? [tooLittle, ...reasonBitsPicks(e.plan, own)] : [tooLittle, `NULLIF(${reasons}, '')`])} AS icp_reasons`,
        ]),
    tally
      ? `${tallySql({ tier, nearMiss, disqualified: own('icp_disqualified'), missing: e.plan.attributes.map((a, i) => `${e.bin(i)} = ${a.missingBin}`), unseen: tally }, own('icp_disqualified'))} AS icp_disqualified`
      : own('icp_disqualified'),
    `${nearMiss} AS icp_near_miss`,
    own('icp_missing'),
  ];
}
