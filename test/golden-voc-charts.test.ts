import { describe, expect, it } from 'vitest';
import type {
  JourneyResult,
  RoadmapDilution,
  VocGroup,
  VocGroupStats,
  VocTheme,
} from '../src/core/text/voc-result.js';
import { journeyFunnelSpec } from '../src/report/charts/journey-chart.js';
import { renderChart } from '../src/report/charts/render-chart.js';
import { roadmapRows, roadmapSpec } from '../src/report/charts/roadmap-chart.js';
import { themeLiftRows, themeLiftSpec } from '../src/report/charts/theme-lift-chart.js';
import { expectGolden } from './golden-file.js';

/**
 * A golden SVG of each chart of the report's Voice of the customer section, on hand-made rows.
 * UPDATE_GOLDEN=1 rewrites them.
 */
const golden = (kind: string) => `test/golden/charts/${kind}.golden.svg`;

const stats = (ratio: number | null): VocGroupStats => ({
  accounts: 100,
  raising: 10,
  share: { rate: 0.1, n: 100, lo: 0.05, hi: 0.17 },
  ratio: ratio === null ? null : { ratio, lo: Math.max(0, ratio - 0.4), hi: ratio + 0.4 },
});

function theme(
  label: string,
  byTier: Readonly<Partial<Record<VocGroup, number | null>>>,
): VocTheme {
  const groups = Object.fromEntries(
    (['A', 'B', 'C', 'D', 'disqualified', 'icp', 'outside', 'ideal', 'rest'] as const).map((g) => [
      g,
      stats(byTier[g] ?? null),
    ]),
  ) as Record<VocGroup, VocGroupStats>;
  return {
    id: `raised-${label}`,
    lens: 'raised',
    label,
    phrases: [label],
    grouping: '',
    documents: 40,
    accounts: 30,
    sources: { ticket: 40 },
    side: 'none',
    ideal: 'none',
    groups,
    tests: { icpVsOutside: { p: 0.01, q: 0.02 }, idealVsRest: null },
    quotes: [],
    topAccounts: [],
  };
}

const roadmap: RoadmapDilution = {
  requests: 60,
  requestingAccounts: 30,
  byTier: [
    { tier: 'A', accounts: 10, requests: 5, tickets: 40, minutes: 1200 },
    { tier: 'B', accounts: 12, requests: 10, tickets: 60, minutes: 2000 },
    { tier: 'C', accounts: 15, requests: 15, tickets: 80, minutes: 3000 },
    { tier: 'D', accounts: 20, requests: 30, tickets: 120, minutes: 7000 },
    { tier: 'disqualified', accounts: 0, requests: 0, tickets: 0, minutes: 0 },
  ],
  shares: [],
  ranked: { icp: [], outside: [] },
  fromChurned: [],
};

const funnel: NonNullable<JourneyResult['funnel']> = {
  from: 'stage history',
  steps: ['Prospecting', 'Proposal', 'won'],
  rows: [
    { tier: 'A', step: 'Prospecting', deals: 20, share: 1 },
    { tier: 'A', step: 'Proposal', deals: 16, share: 0.8 },
    { tier: 'A', step: 'won', deals: 12, share: 0.6 },
    { tier: 'D', step: 'Prospecting', deals: 30, share: 1 },
    { tier: 'D', step: 'Proposal', deals: 12, share: 0.4 },
    { tier: 'D', step: 'won', deals: 6, share: 0.2 },
  ],
};

describe('a golden SVG per Voice of the customer chart', () => {
  it("draws each theme's mention ratio by tier, leaving out a tier with nothing measured", async () => {
    const themes = [
      theme('consolidation', { A: 3.1, B: 2.2, C: 0.3, D: 0.1 }),
      theme('cheap plan', { A: 0, B: null, C: 1.2, D: 2.4 }),
    ];
    expect(themeLiftRows(themes).map((r) => `${r.theme} ${r.tier}`)).toEqual([
      'consolidation A',
      'consolidation B',
      'consolidation C',
      'consolidation D',
      'cheap plan A',
      'cheap plan C',
      'cheap plan D',
    ]);
    const svg = await renderChart('theme-lift', 'Themes by tier', themeLiftSpec(themes));
    expect(svg).toContain('Mentions over expected (95% interval)');
    expectGolden(golden('theme-lift'), svg);
  });

  it("draws each tier's share of requests, tickets and minutes, leaving out an empty tier", async () => {
    const rows = roadmapRows(roadmap);
    expect(rows.filter((r) => r.what === 'feature requests').map((r) => [r.tier, r.share])).toEqual(
      [
        ['A', 5 / 60],
        ['B', 10 / 60],
        ['C', 15 / 60],
        ['D', 30 / 60],
      ],
    );
    const svg = await renderChart('roadmap', 'Roadmap dilution', roadmapSpec(roadmap));
    expect(svg).toContain('support minutes');
    expectGolden(golden('roadmap'), svg);
  });

  it('draws the funnel by tier in the order of its steps', async () => {
    const svg = await renderChart('journey', 'Funnel by tier', journeyFunnelSpec(funnel));
    expect(svg).toContain('Share of deals');
    expect(svg.indexOf('Prospecting')).toBeLessThan(svg.indexOf('Proposal'));
    expectGolden(golden('journey'), svg);
  });
});
