import { describe, expect, it } from 'vitest';
import { accountRate } from '../stats/account-rate.js';
import { wilsonInterval } from '../stats/wilson.js';
import { planWindows } from './plan-windows.js';
import { misses, type UnitScore, windowHead, windowResult } from './window-result.js';

describe('backtest windows', () => {
  it('plans one window from --as-of, or one per period from --since or a year after the first record', () => {
    expect(planWindows({ asOf: '2025-06-01' }, '2023-01-05', '2026-09-30')).toEqual([
      { asOf: '2025-06-01', until: '2026-09-30' },
    ]);
    expect(planWindows({ every: 'year' }, '2023-03-05', '2025-09-30')).toEqual([
      { asOf: '2024-01-01', until: '2024-12-31' },
      { asOf: '2025-01-01', until: '2025-09-30' },
    ]);
    expect(
      planWindows({ every: 'quarter', since: '2026-05-20' }, '2023-03-05', '2026-09-30'),
    ).toEqual([
      { asOf: '2026-04-01', until: '2026-06-30' },
      { asOf: '2026-07-01', until: '2026-09-30' },
    ]);
  });

  it('refuses a date past the data, a bad date, and a range with no period start', () => {
    expect(() => planWindows({ asOf: '2026-10-01' }, '2023-01-05', '2026-09-30')).toThrow(
      '--as-of 2026-10-01: the data end on 2026-09-30, so nothing came after it to score.',
    );
    expect(() =>
      planWindows({ every: 'month', since: '2026-9-1' }, '2023-01-05', '2026-09-30'),
    ).toThrow('--since 2026-9-1: write a date as YYYY-MM-DD.');
    expect(() => planWindows({ every: 'year' }, '2026-01-05', '2026-09-30')).toThrow(
      'no year starts between 2026-01-05 and 2026-09-30.',
    );
  });
});

/** `n` units of one tier and bin, each with probability `p`, the first `k` positive. */
function units(
  n: number,
  k: number,
  tier: UnitScore['tier'],
  bin: string,
  score: number,
  p: number,
) {
  const scores: UnitScore[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    scores.push({
      score,
      probability: p,
      tier,
      disqualified: false,
      reasons: [{ attribute: 'Industry', bin }],
    });
    y.push(i < k ? 1 : 0);
  }
  return { scores, y };
}

describe('a backtest window measured', () => {
  const a = units(20, 10, 'A', 'Fintech', 10, 0.5);
  const d = units(20, 0, 'D', 'SaaS', 1, 0.25);
  const y = Uint8Array.from([...a.y, ...d.y]);
  const scores = [...a.scores, ...d.scores];
  const head = {
    asOf: '2025-01-01',
    until: '2025-03-31',
    icp: 'abc',
    verdict: 'scorecard' as const,
    cvAuc: { auc: 0.9, lo: 0.85, hi: 0.95 },
  };

  it('counts tiers, the share and capture of A-B, lift, and a forward AUC weaker than promised', () => {
    const w = windowResult(head, y, scores, ['Industry']);
    expect(w).toMatchObject({
      ...head,
      units: 40,
      positives: 10,
      shareAB: 0.5,
      capturedAB: 1,
      liftAB: 2,
    });
    expect(w.auc?.auc).toBeCloseTo((10 * 20 + 0.5 * 10 * 10) / (10 * 30), 12);
    // Weaker: the forward interval lies wholly below the cross-validated one.
    const hi = w.auc?.hi as number;
    expect(hi).toBeLessThan(1);
    const cv = (lo: number) => ({ ...head, cvAuc: { auc: lo, lo, hi: 1 } });
    expect(windowResult(cv(hi + 0.001), y, scores, ['Industry']).weaker).toBe(true);
    expect(windowResult(cv(hi - 0.001), y, scores, ['Industry']).weaker).toBe(false);
    expect(
      w.tiers.map((t) => [t.tier, t.n, t.positives, t.rate, t.share, t.captured, t.predicted]),
    ).toEqual([
      ['A', 20, 10, 0.5, 0.5, 1, 0.5],
      ['B', 0, 0, 0, 0, 0, 0],
      ['C', 0, 0, 0, 0, 0, 0],
      ['D', 20, 0, 0, 0.5, 0, 0.25],
      ['unknown', 0, 0, 0, 0, 0, 0],
      ['disqualified', 0, 0, 0, 0, 0, 0],
    ]);
    expect(windowResult({ ...head, cvAuc: null }, y, scores, ['Industry']).weaker).toBe(false);
  });

  it("gives a tier's interval over units, or over their accounts when the units are deals", () => {
    const a20 = Array.from({ length: 20 }, (_, i) => i);
    const byUnit = windowResult(head, y, scores, ['Industry']).tiers[0];
    expect([byUnit?.lo, byUnit?.hi]).toEqual([
      wilsonInterval(10, 20).lo,
      wilsonInterval(10, 20).hi,
    ]);
    // The 20 deals of tier A belong to 4 accounts: accounts 1-2 won all theirs, 3-4 none.
    const accounts = [...a20.map((i) => `acc${Math.floor(i / 5) + 1}`), ...a20.map(() => 'acc9')];
    const byAccount = windowResult(head, y, scores, ['Industry'], accounts).tiers[0];
    const expected = accountRate(a20, y, accounts);
    expect([byAccount?.rate, byAccount?.lo, byAccount?.hi]).toEqual([
      0.5,
      expected.lo,
      expected.hi,
    ]);
    expect(expected.hi - expected.lo).toBeGreaterThan(
      wilsonInterval(10, 20).hi - wilsonInterval(10, 20).lo,
    );
  });

  it('is empty when nothing arrived, and the head carries the ICP that was discovered', () => {
    expect(windowResult(head, new Uint8Array(0), [], ['Industry'])).toEqual({
      ...head,
      units: 0,
      positives: 0,
      auc: null,
      shareAB: null,
      capturedAB: null,
      liftAB: null,
      calibrationError: null,
      tiers: [],
      weaker: false,
      misses: [],
    });
    expect(
      windowHead({ id: 'x1', verdict: { kind: 'no_signal' }, validation: null } as never, head),
    ).toEqual({
      asOf: '2025-01-01',
      until: '2025-03-31',
      icp: 'x1',
      verdict: 'no_signal',
      cvAuc: null,
    });
  });

  it('flags the bins that did clearly better or worse than predicted, and skips bins under 20 units', () => {
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
    const yy = Uint8Array.from([...Array(20).fill(1), ...Array(20).fill(0), ...Array(19).fill(1)]);
    const prob = new Float64Array(59).fill(0.5);
    const found = misses(
      [
        { attribute: 'Industry', bin: 'Fintech', rows: rows(0, 20) },
        { attribute: 'Industry', bin: 'Retail', rows: rows(20, 20) },
        { attribute: 'Country', bin: 'US', rows: rows(40, 19) },
      ],
      yy,
      prob,
    );
    expect(found.map((m) => [m.attribute, m.bin, m.n, m.observed, m.direction])).toEqual([
      ['Industry', 'Retail', 20, 0, 'worse'],
      ['Industry', 'Fintech', 20, 20, 'better'],
    ]);
    // Predictions scaled to the window's observed total: 39 positives against 29.5 predicted.
    for (const m of found) expect(m.expected).toBeCloseTo(20 * 0.5 * (39 / 29.5), 12);
    // Fintech: z = 3.20, p = 0.00136 (Retail's p is far smaller), so BH leaves its q at p.
    expect(found[1]?.q).toBeCloseTo(0.00136, 4);
    expect(found[0]?.q).toBeLessThan(1e-6);
  });
});
