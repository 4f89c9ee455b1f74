import { TIER_COLOURS } from '../../src/core/icp/tier-colours.js';

/**
 * Sets the CSS variables --tier-A ... --tier-disqualified from the one palette the report's
 * charts use, so a tier badge here has the colour of that tier in every chart.
 */
export function applyTierColours(root: HTMLElement = document.documentElement): void {
  for (const [tier, colour] of Object.entries(TIER_COLOURS))
    root.style.setProperty(`--tier-${tier}`, colour);
}
