import type { TopLevelSpec } from 'vega-lite';
import type { IcpDefinition } from '../../core/icp/definition.js';

type Evidence = IcpDefinition['evidence'][number];

/** How a bin's 95% interval sits against the overall rate (lift 1): what the colour says. */
export const VERDICTS = ['clearly above', 'overlaps', 'clearly below'] as const;
const COLOURS = ['#1a7f37', '#8c959f', '#cf222e'];

/**
 * A horizontal bar per bin of one attribute: its lift (the bin's positive rate divided by the
 * overall rate) with the 95% interval of that lift as a line, and a dashed line at 1 (the
 * overall rate). Bins nobody falls in are left out.
 */
export function liftChartSpec(evidence: Evidence, baseRate: number, target: string): TopLevelSpec {
  const rows = evidence.bins
    .filter((b) => b.count > 0)
    .map((b, order) => {
      const lo = b.interval.lo / baseRate;
      const hi = b.interval.hi / baseRate;
      return {
        order,
        bin: b.label,
        lift: b.lift,
        lo,
        hi,
        count: b.count,
        verdict: lo > 1 ? VERDICTS[0] : hi < 1 ? VERDICTS[2] : VERDICTS[1],
      };
    });
  const top = Math.max(2, ...rows.map((r) => r.hi)) * 1.05;
  const y = {
    field: 'bin',
    type: 'nominal',
    sort: { field: 'order', op: 'min' },
    title: evidence.attribute,
    axis: { labelLimit: 260 },
  } as const;
  return {
    width: 380,
    height: { step: 20 },
    title: {
      text: `Lift by ${evidence.attribute}`,
      subtitle: `${target}: rate in the bin ÷ overall rate, with 95% interval`,
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    data: { values: rows },
    layer: [
      {
        mark: { type: 'bar', height: { band: 0.7 } },
        encoding: {
          y,
          x: {
            field: 'lift',
            type: 'quantitative',
            title: 'Lift (× overall rate)',
            scale: { domain: [0, top], nice: false },
          },
          color: {
            field: 'verdict',
            type: 'nominal',
            title: '95% interval vs overall rate',
            scale: { domain: [...VERDICTS], range: COLOURS },
            legend: { orient: 'bottom', direction: 'horizontal', titleLimit: 400 },
          },
        },
      },
      {
        // The estimate as a tick, so a bin with a lift of 0 still shows where it sits.
        mark: { type: 'tick', color: '#24292f', thickness: 2, bandSize: 14 },
        encoding: { y, x: { field: 'lift', type: 'quantitative' } },
      },
      {
        mark: { type: 'rule', color: '#24292f', strokeWidth: 1.5 },
        encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } },
      },
      {
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: '#24292f' },
        encoding: { x: { field: 'one', type: 'quantitative' } },
      },
    ],
  };
}
