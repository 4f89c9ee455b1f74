/**
 * The tiers, once for every layer. Each list is a prefix of the next, best first: a scorecard
 * ranks into A-D, scoring a record adds "unknown" (too little of the scorecard's weight known to
 * tell), and an account can also be "disqualified" by a hard rule.
 */

/** The four tiers a scorecard ranks into, best first. */
export const RANKED_TIERS = ['A', 'B', 'C', 'D'] as const;
export type RankedTier = (typeof RANKED_TIERS)[number];

/** What scoring a record gives: a ranked tier, or unknown when too little was observed. */
export const TIERS = [...RANKED_TIERS, 'unknown'] as const;
export type Tier = (typeof TIERS)[number];

/** Every tier an account can be in, in display order: the record tiers, then disqualified. */
export const TIER_KEYS = [...TIERS, 'disqualified'] as const;
export type TierKey = (typeof TIER_KEYS)[number];
