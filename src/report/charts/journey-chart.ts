import type { TopLevelSpec } from 'vega-lite';
import { tierColourScale } from '../../core/icp/tier-colours.js';
import { TIER_KEYS } from '../../core/icp/tiers.js';
import type { JourneyResult } from '../../core/text/voc-result.js';

// Every tier in display order, coloured from the one tier palette.

/**
 * The funnel by tier: the share of each tier's deals reaching each step (stages from the
 * stage history, else created, closed and won).
 */
export function journeyFunnelSpec(funnel: NonNullable<JourneyResult['funnel']>): TopLevelSpec {
  const x = {
    field: 'step',
    type: 'nominal' as const,
    title: null,
    sort: [...funnel.steps],
    axis: { labelAngle: 0 },
  };
  const y = {
    field: 'share',
    type: 'quantitative' as const,
    title: 'Share of deals',
    axis: { format: '.0%' },
    scale: { domain: [0, 1] },
  };
  const color = {
    field: 'tier',
    type: 'nominal' as const,
    title: 'Tier',
    scale: tierColourScale(TIER_KEYS),
  };
  return {
    width: 420,
    height: 220,
    title: {
      text: 'Funnel by tier',
      subtitle: `from ${funnel.from}: share of each tier's deals reaching each step`,
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    data: { values: funnel.rows.map((r) => ({ tier: r.tier, step: r.step, share: r.share })) },
    layer: [
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y, color } },
      { mark: { type: 'point', filled: true, size: 40 }, encoding: { x, y, color } },
    ],
  };
}
