import { describe, expect, it } from 'vitest';
import { binCategorical } from '../binning/bin-categorical.js';
import { createRandom } from '../random/prng.js';
import { fitLogistic } from '../stats/logistic.js';
import { buildScorecard, scoreRows } from './build-scorecard.js';

describe('buildScorecard', () => {
  const r = createRandom(11);
  const n = 3000;
  const a: string[] = [];
  const noise: string[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a.push(r.pick(['low', 'mid', 'high']));
    noise.push(r.pick(['x', 'y']));
    y[i] = r.chance(a[i] === 'high' ? 0.6 : a[i] === 'mid' ? 0.3 : 0.1) ? 1 : 0;
  }
  const attrs = [
    binCategorical('A', a, null, { minCount: 1 }),
    binCategorical('N', noise, null, { minCount: 1 }),
  ];

  it('gives points from 0 to 100 that add up, and a logit that is linear in the score', () => {
    const model = buildScorecard(attrs, y, { l2: 1 });
    const best = model.points.reduce((s, p) => s + Math.max(...p), 0);
    const worst = model.points.reduce((s, p) => s + Math.min(...p), 0);
    expect(best).toBeCloseTo(100, 9);
    expect(worst).toBe(0);
    const { score, logit } = scoreRows(model, attrs);
    for (let i = 0; i < 5; i++)
      expect(logit[i]).toBeCloseTo(model.intercept + (score[i] as number) * model.scale, 12);
  });

  it('ranks the informative attribute far above the noise one', () => {
    const model = buildScorecard(attrs, y, { l2: 1 });
    const span = (j: number) => {
      const c = model.attributes.indexOf(j);
      return c < 0
        ? 0
        : Math.max(...(model.points[c] as Float64Array)) -
            Math.min(...(model.points[c] as Float64Array));
    };
    expect(span(0)).toBeGreaterThan(90);
    expect(span(1)).toBeLessThan(10);
  });

  it('has the same logit as a logistic regression fitted on the WoE columns directly (differential)', () => {
    const model = buildScorecard([attrs[0]!], y, { l2: 1 });
    const w = model.woe[0]!;
    const X = Float64Array.from(attrs[0]!.codes, (code) => w[code] as number);
    const fit = fitLogistic(X, y, n, 1, { l2: 1 });
    const { logit } = scoreRows(model, [attrs[0]!]);
    for (const i of [0, 1, 2, 100, 2999]) {
      expect(logit[i]).toBeCloseTo(fit.intercept + (fit.coef[0] as number) * (X[i] as number), 9);
    }
  });
});
