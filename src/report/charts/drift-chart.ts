import type { TopLevelSpec } from 'vega-lite';
import { tierColourScale } from '../../core/icp/tier-colours.js';
import type { ReportDrift } from '../report-model.js';
import { RANKED_TIERS as TIERS } from '../../core/icp/tiers.js';

/** The rows the drift chart draws: one per window and tier with a measured rate. */
export function driftRows(drift: ReportDrift) {
  return drift.windows.flatMap((w) =>
    TIERS.flatMap((tier) => {
      const r = w.tierRates[tier];
      return r && r.n > 0
        ? [{ window: w.from, tier, rate: r.rate, lo: r.lo, hi: r.hi, n: r.n }]
        : [];
    }),
  );
}

/**
 * The outcome rate of each tier, window after window, with 95% intervals: lines that stay
 * apart and level mean the ICP still ranks; lines that meet or cross mean it has drifted.
 */
export function driftSpec(drift: ReportDrift, outcome: string): TopLevelSpec {
  const x = {
    field: 'window',
    type: 'ordinal' as const,
    title: 'Window (first day)',
    axis: { labelAngle: -30 },
  };
  const y = {
    type: 'quantitative' as const,
    title: `${outcome} (%, 95% interval)`,
    axis: { format: '.0%' },
    scale: { domain: [0, 1] },
  };
  const color = {
    field: 'tier',
    type: 'nominal' as const,
    title: 'Tier',
    scale: tierColourScale([...TIERS]),
    legend: { orient: 'right' as const },
  };
  return {
    width: 520,
    height: 240,
    title: {
      text: `${outcome} by tier over time`,
      subtitle: 'units that arrived in each window, scored by this ICP',
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    data: { values: driftRows(drift) },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 1, opacity: 0.5 },
        encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
      },
      {
        mark: { type: 'line', point: true },
        encoding: { x, y: { ...y, field: 'rate' }, color },
      },
    ],
  };
}
