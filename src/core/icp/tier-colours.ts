import { TIER_KEYS, type TierKey } from './tiers.js';

/**
 * One colour per tier, everywhere: every chart of the report and the dashboard take them from
 * here, so tier A is the same green in a value map, a drift line and a dashboard badge. Each
 * colour carries white text at a contrast of 4.5:1 or more (WCAG AA), so a badge stays legible.
 */
export const TIER_COLOURS = {
  A: '#116329',
  B: '#2f8132',
  C: '#9a6700',
  D: '#cf222e',
  /** Too little known to tier (the record's coverage is below the ICP's minimum). */
  unknown: '#6e7781',
  disqualified: '#32383f',
} as const satisfies Record<TierKey, string>;

/**
 * A Vega-Lite colour scale for the tiers present: the domain in display order and the range from
 * the one palette, so a chart with only C and D still shows C in C's colour.
 *
 * @example tierColourScale(['D', 'A']) // => { domain: ['A', 'D'], range: ['#116329', '#cf222e'] }
 */
export function tierColourScale(present: readonly string[]): {
  domain: string[];
  range: string[];
} {
  const domain = TIER_KEYS.filter((t) => present.includes(t));
  return { domain: [...domain], range: domain.map((t) => TIER_COLOURS[t]) };
}
