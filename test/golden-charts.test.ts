import { describe, expect, it } from 'vitest';
import { backtestRows, backtestSpec } from '../src/report/charts/backtest-chart.js';
import { driftRows, driftSpec } from '../src/report/charts/drift-chart.js';
import { calibrationSpec, gainsSpec } from '../src/report/charts/quality-charts.js';
import { renderChart } from '../src/report/charts/render-chart.js';
import type { ReportModel } from '../src/report/report-model.js';
import { expectGolden } from './golden-file.js';

/**
 * A golden SVG of each chart kind the report draws beyond the three in
 * src/report/charts/charts.test.ts (lift, value map, tier rates), on a few hand-made rows.
 * Written indented; a failing one leaves `<kind>-changed.svg` beside its golden.
 * UPDATE_GOLDEN=1 rewrites them.
 */
const golden = (kind: string) => `test/golden/charts/${kind}.golden.svg`;

type Quality = Extract<ReportModel['quality'], { available: true }>;
type Backtest = Extract<ReportModel['backtest'], { available: true }>;
type Drift = Extract<ReportModel['drift'], { available: true }>;

const quality: Quality = {
  available: true,
  gains: [
    { share: 0, captured: 0 },
    { share: 0.1, captured: 0.35 },
    { share: 0.3, captured: 0.72 },
    { share: 0.6, captured: 0.93 },
    { share: 1, captured: 1 },
  ],
  calibration: [
    { predicted: 0.05, observed: 0.04, lo: 0.01, hi: 0.11, n: 80 },
    { predicted: 0.2, observed: 0.24, lo: 0.16, hi: 0.34, n: 80 },
    { predicted: 0.55, observed: 0.49, lo: 0.38, hi: 0.6, n: 80 },
  ],
};

const auc = (value: number) => ({ auc: value, lo: value - 0.06, hi: value + 0.05 });
const backtest: Backtest = {
  available: true,
  unit: 'account',
  windows: [
    {
      asOf: '2025-01-01',
      until: '2025-04-01',
      verdict: 'profile',
      units: 120,
      positives: 30,
      auc: auc(0.81),
      cvAuc: auc(0.84),
      capturedAB: 0.7,
      shareAB: 0.3,
    },
    {
      asOf: '2025-04-01',
      until: '2025-07-01',
      verdict: 'profile',
      units: 140,
      positives: 33,
      auc: auc(0.74),
      cvAuc: auc(0.83),
      capturedAB: 0.61,
      shareAB: 0.31,
    },
    {
      asOf: '2025-07-01',
      until: '2025-10-01',
      verdict: 'no profile',
      units: 90,
      positives: 12,
      auc: null,
      cvAuc: null,
      capturedAB: null,
      shareAB: null,
    },
  ],
};

const rate = (r: number, n: number) => ({ rate: r, n, lo: Math.max(0, r - 0.1), hi: r + 0.1 });
const drift: Drift = {
  available: true,
  unit: 'account',
  baseline: 'before 2025-01-01 (1,000 units)',
  verdict: 'watch',
  reasons: ['Tier B fell from 40% to 28%.'],
  action: 'Watch the next quarter.',
  windows: [
    {
      from: '2025-01-01',
      until: '2025-04-01',
      tierRates: {
        A: rate(0.6, 50),
        B: rate(0.4, 60),
        C: rate(0.2, 70),
        D: rate(0.1, 80),
        unknown: null,
        disqualified: null,
      },
      segments: [],
    },
    {
      from: '2025-04-01',
      until: '2025-07-01',
      tierRates: {
        A: rate(0.58, 45),
        B: rate(0.28, 62),
        C: rate(0.22, 66),
        D: { rate: 0, n: 0, lo: 0, hi: 1 },
        unknown: null,
        disqualified: null,
      },
      segments: [],
    },
  ],
};

describe('a golden SVG per chart kind', () => {
  it('draws cumulative gains against the random diagonal', async () => {
    const svg = await renderChart('gains', 'Cumulative gains', gainsSpec(quality));
    expect(svg).toContain('Share of positives found');
    expectGolden(golden('gains'), svg);
  });

  it('draws calibration: observed rate with its interval against the predicted probability', async () => {
    const svg = await renderChart('calibration', 'Calibration', calibrationSpec(quality));
    expect(svg).toContain('Observed rate (95% interval)');
    expectGolden(golden('calibration'), svg);
  });

  it('draws the backtest per quarter, leaving out a quarter with nothing measured', async () => {
    expect(backtestRows(backtest).map((r) => `${r.quarter} ${r.measure}`)).toEqual([
      '2025-01-01 forward AUC',
      '2025-01-01 cross-validated AUC',
      '2025-01-01 positives in tiers A-B',
      '2025-04-01 forward AUC',
      '2025-04-01 cross-validated AUC',
      '2025-04-01 positives in tiers A-B',
    ]);
    const svg = await renderChart('backtest', 'Backtest', backtestSpec(backtest));
    expect(svg).not.toContain('2025-07-01');
    expectGolden(golden('backtest'), svg);
  });

  it('draws each tier over time, leaving out a tier with no unit in a window', async () => {
    expect(driftRows(drift).map((r) => `${r.window} ${r.tier}`)).toEqual([
      '2025-01-01 A',
      '2025-01-01 B',
      '2025-01-01 C',
      '2025-01-01 D',
      '2025-04-01 A',
      '2025-04-01 B',
      '2025-04-01 C',
    ]);
    const svg = await renderChart('drift', 'Drift', driftSpec(drift, 'Share ideal'));
    expect(svg).toContain('Share ideal (%, 95% interval)');
    expectGolden(golden('drift'), svg);
  });
});
