import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/prng.js';
import { scorecardPoints, scoreRows } from '../scorecard/build-scorecard.js';
import { fitScorecard } from '../scorecard/fit-scorecard.js';
import { groupedFolds } from '../stats/folds.js';
import { auc } from '../stats/metrics.js';
import { crossFit, fineAttribute } from './cross-fit.js';

/** Noise: twelve attributes of 15 levels each, drawn independently of a 30% target. */
function noise(n: number, seed: number) {
  const r = createRandom(seed);
  const texts: Record<string, string[]> = {};
  const attributes = Array.from({ length: 12 }, (_, j) => ({
    name: `a${j}`,
    kind: 'categorical' as const,
  }));
  for (const a of attributes) texts[a.name] = Array.from({ length: n }, () => `v${r.int(1, 15)}`);
  const target = Uint8Array.from({ length: n }, () => (r.chance(0.3) ? 1 : 0));
  return { numbers: {}, texts, attributes, target };
}

describe('crossFit', () => {
  it('finds no signal in noise, where the in-sample scorecard flatters itself', () => {
    const data = noise(800, 11);
    const rows = Int32Array.from({ length: 800 }, (_, i) => i);
    const fine = data.attributes.map((a) => fineAttribute(data, a));
    // The penalty is fixed weak here, as a careless fit would have it.
    const inSample = fitScorecard(fine, data.target, rows, {
      fixed: { penalty: { ridge: 0.5, smooth: 1 }, interactions: 0 },
    });
    const fitted = crossFit({ ...data, folds: 5, seed: 1 });
    // In sample, the points learn the noise: the AUC interval lies above one half.
    expect(auc(inSample.logit, data.target).lo).toBeGreaterThan(0.5);
    // Cross-fitted, every row is scored by a model that never saw it: chance stays chance.
    const honest = auc(fitted.logit, data.target);
    expect(honest.lo).toBeLessThan(0.5);
    expect(honest.hi).toBeGreaterThan(0.5);
    // Each fold's inner loops chose the strongest penalty the noise calls for.
    expect(fitted.tuning.map((t) => t.penalty.ridge)).toEqual([16, 16, 16, 16, 16]);
  });

  it('scores rows outside `include` with the model fitted on every included row, and is seeded', () => {
    const data = noise(600, 3);
    const include = Uint8Array.from({ length: 600 }, (_, i) => (i < 500 ? 1 : 0));
    const fitted = crossFit({ ...data, include, folds: 4, seed: 9 });
    const fine = data.attributes.map((a) => fineAttribute(data, a));
    const rows = Int32Array.from({ length: 500 }, (_, i) => i);
    const full = scoreRows(
      scorecardPoints(fitScorecard(fine, data.target, rows, { seed: 9 }), data.target),
    );
    // The same fit, started elsewhere (from the last fold's): equal to the fit's tolerance.
    for (let i = 500; i < 600; i++) expect(fitted.score[i]).toBeCloseTo(full.score[i]!, 6);
    expect(crossFit({ ...data, include, folds: 4, seed: 9 }).score).toEqual(fitted.score);
  });
});

describe('groupedFolds', () => {
  it('keeps every row of a group in one fold, balances the folds, and leaves excluded rows out', () => {
    // 40 groups of 1 to 4 rows; group g is positive when g % 5 === 0.
    const groups: number[] = [];
    for (let g = 0; g < 40; g++) for (let k = 0; k <= g % 4; k++) groups.push(g);
    const g = Int32Array.from(groups);
    const y = Uint8Array.from(groups, (x) => (x % 5 === 0 ? 1 : 0));
    const include = Uint8Array.from(groups, (x) => (x === 39 ? 0 : 1));
    const fold = groupedFolds(g, y, 4, 2, include);
    const foldOf = new Map<number, number>();
    groups.forEach((x, i) => {
      if (x === 39) {
        expect(fold[i]).toBe(-1);
        return;
      }
      if (!foldOf.has(x)) foldOf.set(x, fold[i] as number);
      expect(fold[i]).toBe(foldOf.get(x));
    });
    // 39 groups dealt round-robin: 10, 10, 10 and 9 groups per fold; 8 positive groups: 2 per fold.
    const perFold = [0, 1, 2, 3].map((k) => [...foldOf.values()].filter((f) => f === k).length);
    expect(perFold.sort((a, b) => a - b)).toEqual([9, 10, 10, 10]);
    const positivesPerFold = [0, 1, 2, 3].map(
      (k) => [...foldOf].filter(([x, f]) => f === k && x % 5 === 0).length,
    );
    expect(positivesPerFold).toEqual([2, 2, 2, 2]);
  });
});
