import type { TopLevelSpec } from 'vega-lite';
import { tierColourScale } from '../../core/icp/tier-colours.js';
import type { TierRow } from '../../core/audit/audit-rows.js';

const METRICS = ['win rate', 'churn'] as const;

/** The rows the tier chart draws: one per tier and measured rate. */
export function tierRateRows(tiers: readonly TierRow[]) {
  return tiers.flatMap((t) =>
    (
      [
        ['win rate', t.winRate],
        ['churn', t.churnRate],
      ] as const
    ).flatMap(([metric, r]) =>
      r ? [{ tier: t.tier, metric, rate: r.rate, lo: r.lo, hi: r.hi, n: r.n }] : [],
    ),
  );
}

/**
 * Win rate and churn by tier, one panel each, each bar in its tier's colour with its 95%
 * interval: the gap between tiers A and D is what the ICP is worth, and the intervals say
 * whether the gap is real.
 */
export function tierRatesSpec(tiers: readonly TierRow[]): TopLevelSpec {
  const rows = tierRateRows(tiers);
  const measured = METRICS.filter((m) => rows.some((r) => r.metric === m));
  const x = {
    field: 'tier',
    type: 'nominal' as const,
    title: 'Tier',
    sort: tiers.map((t) => t.tier),
    axis: { labelAngle: 0 },
  };
  const y = {
    type: 'quantitative' as const,
    title: 'Rate (%, 95% interval)',
    axis: { format: '.0%' },
    scale: { domain: [0, 1] },
  };
  return {
    title: {
      text: `${measured.join(' and ').replace(/^w/, 'W').replace(/^c/, 'C')} by tier`,
      subtitle: 'win rate: won of closed deals; churn: churned of customers',
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    data: { values: rows },
    facet: {
      column: {
        field: 'metric',
        type: 'nominal',
        title: null,
        sort: [...measured],
        header: { labelFontSize: 12, labelFontWeight: 600 },
      },
    },
    spec: {
      width: measured.length > 1 ? 190 : 380,
      height: 220,
      layer: [
        {
          mark: { type: 'bar', width: { band: 0.8 } },
          encoding: {
            x,
            y: { ...y, field: 'rate' },
            color: {
              field: 'tier',
              type: 'nominal',
              title: 'Tier',
              scale: tierColourScale(rows.map((r) => r.tier)),
              legend: null,
            },
          },
        },
        {
          mark: { type: 'rule', color: '#24292f', strokeWidth: 1.5 },
          encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' } },
        },
      ],
    },
  } as TopLevelSpec;
}
