import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../../test/golden-file.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import type { TierRow } from '../../core/audit/audit-rows.js';
import type { CustomerPoint } from '../report-model.js';
import { liftChartSpec } from './lift-chart.js';
import { renderChart, stableIds } from './render-chart.js';
import { tierRatesSpec } from './tier-rates-chart.js';
import { valueMapSpec, valueQuadrants } from './value-map-chart.js';

// Golden SVGs of each chart on a few hand-made rows: UPDATE_GOLDEN=1 rewrites them.
const golden = (name: string) => `test/golden/charts/${name}.golden.svg`;

const bin = (label: string, count: number, positives: number, lo: number, hi: number) => ({
  label,
  count,
  positives,
  rate: positives / count,
  interval: { lo, hi },
  lift: positives / count / 0.2,
  woe: 0,
});

const evidence: IcpDefinition['evidence'][number] = {
  attribute: 'Industry',
  kind: 'categorical',
  information_value: 0.4,
  p_value: 0.001,
  q_value: 0.002,
  selected: true,
  bins: [
    bin('Fintech', 100, 45, 0.36, 0.55),
    bin('Retail', 120, 6, 0.02, 0.1),
    bin('SaaS', 80, 17, 0.14, 0.31),
    { ...bin('Mining', 1, 0, 0, 1), count: 0, rate: 0, lift: 0 },
  ],
};

const customers: CustomerPoint[] = [
  { accountId: 'a1', tier: 'A', revenue: 250_000, costToServe: 300 },
  { accountId: 'a2', tier: 'A', revenue: 90_000, costToServe: 0 },
  { accountId: 'b1', tier: 'B', revenue: 40_000, costToServe: 1_200 },
  { accountId: 'c1', tier: 'C', revenue: 8_000, costToServe: 900 },
  { accountId: 'd1', tier: 'D', revenue: 1_500, costToServe: 6_000 },
  { accountId: 'd2', tier: 'D', revenue: 3_000, costToServe: 2_500 },
  { accountId: 'x1', tier: 'disqualified', revenue: 600, costToServe: 40 },
];

const rate = (r: number, n: number, lo: number, hi: number) => ({ rate: r, n, lo, hi });
const tier = (t: TierRow['tier'], win: number, churn: number): TierRow => ({
  tier: t,
  accounts: 100,
  customers: 50,
  openPipeline: null,
  openDeals: null,
  winRate: rate(win, 200, win - 0.07, win + 0.07),
  medianCycleDays: null,
  averageDealSize: null,
  churnRate: rate(churn, 50, churn - 0.12, churn + 0.12),
  netRevenueRetention: null,
  costToServePerMonth: null,
  netValuePerMonth: null,
  nps: null,
});
const tiers = [
  tier('A', 0.55, 0.15),
  tier('B', 0.45, 0.25),
  tier('C', 0.35, 0.35),
  tier('D', 0.2, 0.5),
];

describe('charts', () => {
  it('draws the lift of each bin with its interval, leaving out empty bins', async () => {
    const svg = await renderChart(
      'lift-1',
      'Lift by Industry',
      liftChartSpec(evidence, 0.2, 'won'),
    );
    expect(svg).toContain('aria-label="Lift by Industry"');
    expect(svg).toContain('Lift (× overall rate)');
    expect(svg).toContain('95% interval vs overall rate');
    expect(svg).not.toContain('Mining');
    expectGolden(golden('lift'), svg);
  });

  it('maps revenue against cost to serve with the ideal and bad-fit corners and a tier legend', async () => {
    const q = valueQuadrants(customers);
    expect(q).toEqual({ revenueMedian: 8_000, costMedian: 900, ideal: 3, badFit: 2, rest: 2 });
    const svg = await renderChart('value-map', 'Value map', valueMapSpec(customers, 'EUR', q));
    for (const text of ['Revenue, all time (EUR, log scale)', 'Ideal: 3', 'Bad fit: 2', 'Tier'])
      expect(svg).toContain(text);
    expectGolden(golden('value-map'), svg);
  });

  it('shows win rate and churn by tier with intervals', async () => {
    const svg = await renderChart('tier-rates', 'Rates by tier', tierRatesSpec(tiers));
    expect(svg).toContain('Rate (%, 95% interval)');
    expectGolden(golden('tier-rates'), svg);
  });

  it('gives the same bytes whatever was rendered before, with ids of its own', async () => {
    const spec = valueMapSpec(customers, 'EUR', valueQuadrants(customers));
    const first = await renderChart('value-map', 'Value map', spec);
    await renderChart('other', 'Other', liftChartSpec(evidence, 0.2, 'won'));
    expect(await renderChart('value-map', 'Value map', spec)).toBe(first);
    expect(stableIds('<svg><clipPath id="clip7"/><g clip-path="url(#clip7)"/></svg>', 'k')).toBe(
      '<svg><clipPath id="k-1"/><g clip-path="url(#k-1)"/></svg>',
    );
  });
});
