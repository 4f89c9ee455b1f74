import type { TopLevelSpec } from 'vega-lite';
import { tierColourScale } from '../../core/icp/tier-colours.js';
import type { CustomerPoint } from '../report-model.js';

/** Where each customer falls against the medians: the value map's three regions. */
export interface ValueQuadrants {
  readonly revenueMedian: number;
  readonly costMedian: number;
  /** Revenue at or above the median and cost to serve at or below it. */
  readonly ideal: number;
  /** Revenue below the median and cost to serve above it. */
  readonly badFit: number;
  readonly rest: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Splits the customers at the median revenue and the median cost to serve. */
export function valueQuadrants(customers: readonly CustomerPoint[]): ValueQuadrants {
  const revenueMedian = median(customers.map((c) => c.revenue));
  const costMedian = median(customers.map((c) => c.costToServe));
  let ideal = 0;
  let badFit = 0;
  for (const c of customers) {
    if (c.revenue >= revenueMedian && c.costToServe <= costMedian) ideal += 1;
    else if (c.revenue < revenueMedian && c.costToServe > costMedian) badFit += 1;
  }
  return { revenueMedian, costMedian, ideal, badFit, rest: customers.length - ideal - badFit };
}

/** The power of ten at or below `x` (x > 0). */
const decadeBelow = (x: number) => 10 ** Math.floor(Math.log10(x));
/** The power of ten at or above `x` (x > 0). */
const decadeAbove = (x: number) => 10 ** Math.ceil(Math.log10(x));

/** Powers of ten from `lo` to `hi`: the tick values of a log axis. */
function decades(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
  return ticks;
}

/** 1,000 as 1k, 2,500,000 as 2.5M: short labels for a money axis. */
const SHORT_LABEL =
  "datum.value >= 1e9 ? format(datum.value / 1e9, '~g') + 'G' : datum.value >= 1e6 ? format(datum.value / 1e6, '~g') + 'M' : datum.value >= 1e3 ? format(datum.value / 1e3, '~g') + 'k' : format(datum.value, '~g')";

/**
 * One dot per customer: revenue (x) against cost to serve (y), both on log scales from the
 * decade below the smallest positive value to the decade above the largest; a value of 0
 * (say, no support cost at all) is drawn on the axis's lower edge. Colour is the tier. Dashed
 * lines at the medians split the map; the high-revenue, low-cost corner is shaded as ideal and
 * the low-revenue, high-cost corner as bad fit.
 */
export function valueMapSpec(
  customers: readonly CustomerPoint[],
  currency: string,
  q: ValueQuadrants,
): TopLevelSpec {
  const positive = (xs: number[]) => xs.filter((x) => x > 0);
  const revenues = positive(customers.map((c) => c.revenue));
  const costs = positive(customers.map((c) => c.costToServe));
  const xLo = decadeBelow(revenues.length > 0 ? Math.min(...revenues) : 1);
  const xTop = decadeAbove(Math.max(...revenues, xLo * 10));
  const yLo = decadeBelow(costs.length > 0 ? Math.min(...costs) : 1);
  const yTop = decadeAbove(Math.max(...costs, yLo * 10));
  // A median of 0 sits on the lower edge, like the zeros themselves.
  const xm = Math.max(q.revenueMedian, xLo);
  const ym = Math.max(q.costMedian, yLo);
  const x = {
    type: 'quantitative' as const,
    title: `Revenue, all time (${currency}, log scale)`,
    scale: { type: 'log' as const, domain: [xLo, xTop] },
    axis: { values: decades(xLo, xTop), labelExpr: SHORT_LABEL, grid: true },
  };
  const y = {
    type: 'quantitative' as const,
    title: `Cost to serve, all time (${currency}, log scale)`,
    scale: { type: 'log' as const, domain: [yLo, yTop] },
    axis: { values: decades(yLo, yTop), labelExpr: SHORT_LABEL, grid: true },
  };
  const points = customers.map((c) => ({
    accountId: c.accountId,
    tier: c.tier,
    revenue: Math.max(c.revenue, xLo),
    costToServe: Math.max(c.costToServe, yLo),
  }));
  const regions = [
    {
      x: xm,
      x2: xTop,
      y: yLo,
      y2: ym,
      label: `Ideal: ${q.ideal}`,
      fill: '#dafbe1',
      lx: xTop,
      ly: yLo,
      align: 'right' as const,
      baseline: 'bottom' as const,
    },
    {
      x: xLo,
      x2: xm,
      y: ym,
      y2: yTop,
      label: `Bad fit: ${q.badFit}`,
      fill: '#ffebe9',
      lx: xLo,
      ly: yTop,
      align: 'left' as const,
      baseline: 'top' as const,
    },
  ];
  return {
    width: 520,
    height: 380,
    title: {
      text: 'Value map: revenue against cost to serve',
      subtitle: `${customers.length.toLocaleString('en-US')} customers; dashed lines at the medians; ${q.rest.toLocaleString('en-US')} in neither corner`,
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    layer: [
      {
        data: { values: regions },
        mark: { type: 'rect', opacity: 0.8 },
        encoding: {
          x: { ...x, field: 'x' },
          x2: { field: 'x2' },
          y: { ...y, field: 'y' },
          y2: { field: 'y2' },
          fill: { field: 'fill', type: 'nominal', scale: null, legend: null },
        },
      },
      {
        data: { values: [{ x: xm, y: ym }] },
        layer: [
          {
            mark: { type: 'rule', strokeDash: [4, 3], color: '#57606a' },
            encoding: { x: { ...x, field: 'x' } },
          },
          {
            mark: { type: 'rule', strokeDash: [4, 3], color: '#57606a' },
            encoding: { y: { ...y, field: 'y' } },
          },
        ],
      },
      {
        data: { values: points },
        mark: { type: 'circle', size: 14, opacity: 0.75 },
        encoding: {
          x: { ...x, field: 'revenue' },
          y: { ...y, field: 'costToServe' },
          color: {
            field: 'tier',
            type: 'nominal',
            title: 'Tier',
            scale: tierColourScale(customers.map((c) => c.tier)),
          },
        },
      },
      ...regions.map((r) => ({
        data: { values: [r] },
        mark: {
          type: 'text' as const,
          fontSize: 12,
          fontWeight: 'bold' as const,
          color: '#24292f',
          align: r.align,
          baseline: r.baseline,
          dx: r.align === 'left' ? 4 : -4,
          dy: r.baseline === 'top' ? 4 : -4,
        },
        encoding: {
          x: { ...x, field: 'lx' },
          y: { ...y, field: 'ly' },
          text: { field: 'label' },
        },
      })),
    ],
  };
}
