import type { TopLevelSpec } from 'vega-lite';
import type { ReportTierRow } from '../report-model.js';

const METRICS = ['win rate', 'churn'] as const;

/** The rows the tier chart draws: one per tier and measured rate. */
export function tierRateRows(tiers: readonly ReportTierRow[]) {
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
 * Win rate and churn by tier, side by side, each with its 95% interval: the gap between tiers
 * A and D is what the ICP is worth, and the intervals say whether the gap is real.
 */
export function tierRatesSpec(tiers: readonly ReportTierRow[]): TopLevelSpec {
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
  const xOffset = { field: 'metric', type: 'nominal' as const, sort: [...measured] };
  return {
    width: 380,
    height: 240,
    title: {
      text: `${measured.join(' and ').replace(/^w/, 'W').replace(/^c/, 'C')} by tier`,
      subtitle: 'win rate: won of closed deals; churn: churned of customers',
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', width: { band: 0.9 } },
        encoding: {
          x,
          xOffset,
          y: { ...y, field: 'rate' },
          color: {
            field: 'metric',
            type: 'nominal',
            title: 'Rate',
            scale: { domain: [...measured], range: ['#0969da', '#bc4c00'] },
            legend: { orient: 'right' },
          },
        },
      },
      {
        mark: { type: 'rule', color: '#24292f', strokeWidth: 1.5 },
        encoding: { x, xOffset, y: { ...y, field: 'lo' }, y2: { field: 'hi' } },
      },
    ],
  };
}
