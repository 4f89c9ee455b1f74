import type { IcpDefinition } from './definition.js';
import { TIERS, type Tier } from './record-score.js';

/** Below this share of the tiered companies in tiers A-B, an ICP is too narrow for a market. */
export const NARROW_SHARE = 0.05;

export interface MarketTier {
  readonly tier: Tier;
  readonly companies: number;
  /** companies x the tier's average ARR per customer where the ICP was discovered; null without it. */
  readonly potentialArr: number | null;
  /** potentialArr x the tier's win rate there: what winning at the usual rate would bring. */
  readonly expectedArr: number | null;
}

export interface MarketSize {
  readonly companies: number;
  readonly tiers: readonly MarketTier[];
  /** The currency of the ARR figures; null when the ICP records no economics. */
  readonly currency: string | null;
  /** Share of the tiered companies (not unknown) in tiers A-B; null when none could be tiered. */
  readonly shareAB: number | null;
  /** Tiers A-B hold under NARROW_SHARE of the tiered companies. */
  readonly narrow: boolean;
}

/**
 * A list of companies one could sell to, sized by tier: how many, and what they would be worth
 * at the ICP's own figures per tier (`economics` in icp.json, when discovery had revenue and
 * deals). Unknown-tier companies are counted but neither valued nor part of the A-B share.
 */
export function sizeMarket(icp: IcpDefinition, counts: Readonly<Record<Tier, number>>): MarketSize {
  const economics = icp.economics;
  const tiers = TIERS.map((tier): MarketTier => {
    const companies = counts[tier];
    const e = tier === 'unknown' ? undefined : economics?.tiers[tier];
    const potentialArr = e && e.average_arr !== null ? Math.round(companies * e.average_arr) : null;
    return {
      tier,
      companies,
      potentialArr,
      expectedArr:
        e && e.average_arr !== null && e.win_rate !== null
          ? Math.round(companies * e.average_arr * e.win_rate)
          : null,
    };
  });
  const tiered = counts.A + counts.B + counts.C + counts.D;
  const shareAB = tiered > 0 ? (counts.A + counts.B) / tiered : null;
  return {
    companies: tiered + counts.unknown,
    tiers,
    currency: economics?.currency ?? null,
    shareAB,
    narrow: shareAB !== null && shareAB < NARROW_SHARE,
  };
}
