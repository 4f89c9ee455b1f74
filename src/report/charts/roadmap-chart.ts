import type { TopLevelSpec } from 'vega-lite';
import { tierColourScale } from '../../core/icp/tier-colours.js';
import { TIER_KEYS } from '../../core/icp/tiers.js';
import type { RoadmapDilution } from '../../core/text/voc-result.js';

// Every tier in display order, coloured from the one tier palette.

/** The rows the roadmap chart draws: each tier's share of requests, tickets and minutes. */
export function roadmapRows(r: RoadmapDilution) {
  const parts = [
    ['feature requests', (t: RoadmapDilution['byTier'][number]) => t.requests],
    ['tickets', (t: RoadmapDilution['byTier'][number]) => t.tickets],
    ['support minutes', (t: RoadmapDilution['byTier'][number]) => t.minutes ?? 0],
  ] as const;
  return parts.flatMap(([what, of]) => {
    const total = r.byTier.reduce((s, t) => s + of(t), 0);
    return total > 0
      ? r.byTier
          .filter((t) => of(t) > 0)
          .map((t) => ({
            what,
            tier: t.tier,
            share: of(t) / total,
            order: TIER_KEYS.indexOf(t.tier),
          }))
      : [];
  });
}

/** Who the roadmap and support work for: each tier's share of requests, tickets and minutes. */
export function roadmapSpec(r: RoadmapDilution): TopLevelSpec {
  return {
    width: 420,
    height: { step: 34 },
    title: {
      text: 'Roadmap dilution',
      subtitle: 'share of feature requests, tickets and support minutes by tier',
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    data: { values: roadmapRows(r) },
    mark: { type: 'bar' },
    encoding: {
      y: {
        field: 'what',
        type: 'nominal',
        title: null,
        sort: ['feature requests', 'tickets', 'support minutes'],
      },
      x: {
        field: 'share',
        type: 'quantitative',
        stack: 'zero',
        title: 'Share',
        axis: { format: '.0%' },
        scale: { domain: [0, 1] },
      },
      color: {
        field: 'tier',
        type: 'nominal',
        title: 'Tier',
        scale: tierColourScale(TIER_KEYS),
      },
      order: { field: 'order', type: 'quantitative' },
    },
  };
}
