import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/prng.js';
import { stratifiedFolds } from './folds.js';
import { choleskySolve, choleskySubstitute, fitLogistic, sigmoid } from './logistic.js';
import { auc, calibrationError } from './metrics.js';
import { benjaminiHochberg, binomialTest, lgamma } from './multiple-testing.js';

describe('choleskySolve', () => {
  it('solves a known system', () => {
    const A = Float64Array.from([4, 12, -16, 12, 37, -43, -16, -43, 98]);
    const x = choleskySolve(A, Float64Array.from([1, 2, 3]), 3);
    const back = [0, 1, 2].map((i) =>
      [0, 1, 2].reduce((s, j) => s + (A[i * 3 + j] as number) * (x[j] as number), 0),
    );
    for (const [i, v] of back.entries()) expect(v).toBeCloseTo([1, 2, 3][i] as number, 10);
  });

  it('gives the plain loop’s solution to the last digit (column by column, four rows side by side, in a buffer kept between solves)', () => {
    /** The Cholesky factorisation row by row, its inner loop one term at a time, as it was. */
    function plain(A: Float64Array, b: Float64Array, k: number): Float64Array {
      for (let jitter = 0; jitter < 8; jitter++) {
        const extra = jitter === 0 ? 0 : 1e-10 * 10 ** jitter;
        const L = new Float64Array(k * k);
        let ok = true;
        for (let i = 0; i < k && ok; i++)
          for (let j = 0; j <= i; j++) {
            let s = (A[i * k + j] as number) + (i === j ? extra : 0);
            for (let m = 0; m < j; m++) s -= (L[i * k + m] as number) * (L[j * k + m] as number);
            if (i === j && !(s > 0)) {
              ok = false;
              break;
            }
            L[i * k + j] = i === j ? Math.sqrt(s) : s / (L[j * k + j] as number);
          }
        // The substitution did not change; the factorisation's inner loop did.
        if (ok) return choleskySubstitute(L, b, k);
      }
      throw new Error('not positive definite');
    }
    const r = createRandom(9);
    // Growing, then shrinking: a solve after a larger one finds its values in the kept buffer.
    for (const k of [1, 2, 3, 4, 5, 6, 7, 8, 9, 37, 7, 5, 2, 1, 37]) {
      const B = Float64Array.from({ length: k * k }, () => r.next() - 0.5);
      const A = new Float64Array(k * k);
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++) {
          let s = i === j ? 1 : 0;
          for (let m = 0; m < k; m++) s += (B[i * k + m] as number) * (B[j * k + m] as number);
          A[i * k + j] = s;
        }
      const b = Float64Array.from({ length: k }, () => r.next());
      expect(Array.from(choleskySolve(A, b, k))).toEqual(Array.from(plain(A, b, k)));
    }
    // Singular (rank one, nine columns): solved with the diagonal jittered, as before.
    const u = Float64Array.from({ length: 9 }, () => r.next() + 0.5);
    const singular = Float64Array.from(
      { length: 81 },
      (_, x) => (u[Math.floor(x / 9)] as number) * (u[x % 9] as number),
    );
    const b = Float64Array.from({ length: 9 }, () => r.next());
    expect(Array.from(choleskySolve(singular, b, 9))).toEqual(Array.from(plain(singular, b, 9)));
  });
});

describe('fitLogistic', () => {
  it('recovers the closed-form log odds ratio of one binary feature', () => {
    // a = 30 positives with x=1, b = 10 negatives with x=1, c = 20 positives with x=0, d = 40 negatives with x=0
    const rows: [number, number][] = [
      ...Array.from({ length: 30 }, () => [1, 1] as [number, number]),
      ...Array.from({ length: 10 }, () => [1, 0] as [number, number]),
      ...Array.from({ length: 20 }, () => [0, 1] as [number, number]),
      ...Array.from({ length: 40 }, () => [0, 0] as [number, number]),
    ];
    const X = Float64Array.from(rows.map((r) => r[0]));
    const y = Uint8Array.from(rows.map((r) => r[1]));
    const fit = fitLogistic(X, y, rows.length, 1, { l2: 1e-10 });
    expect(fit.converged).toBe(true);
    expect(fit.coef[0]).toBeCloseTo(Math.log((30 * 40) / (10 * 20)), 6);
    expect(fit.intercept).toBeCloseTo(Math.log(20 / 40), 6);
  });

  it('recovers simulated coefficients on 50,000 rows', () => {
    const r = createRandom(3);
    const n = 50_000;
    const beta = [-1, 0.8, -0.5, 0];
    const X = new Float64Array(n * 3);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let eta = beta[0] as number;
      for (let j = 0; j < 3; j++) {
        X[i * 3 + j] = r.normal();
        eta += (beta[j + 1] as number) * (X[i * 3 + j] as number);
      }
      y[i] = r.next() < sigmoid(eta) ? 1 : 0;
    }
    const fit = fitLogistic(X, y, n, 3, { l2: 1e-6 });
    expect(fit.intercept).toBeCloseTo(-1, 1);
    for (const [j, b] of [0.8, -0.5, 0].entries()) {
      expect(Math.abs((fit.coef[j] as number) - b)).toBeLessThan(0.05);
    }
  });

  it('fits one column without weights (Platt scaling) to the last digit of the weighted pass', () => {
    // Weights of 1 take the general pass; the one-column pass must give the very same numbers,
    // with exact zeros, logits far enough out to reach the guards, and outcomes between 0 and 1.
    const r = createRandom(5);
    const n = 20_000;
    const X = Float64Array.from({ length: n }, (_, i) =>
      i % 97 === 0 ? 0 : i % 89 === 0 ? 60 * (r.next() - 0.5) : 4 * r.normal(),
    );
    const y = Uint8Array.from(X, (x) => (r.next() < sigmoid(0.7 * x - 0.4) ? 1 : 0));
    const ones = new Float64Array(n).fill(1);
    for (const outcome of [y, Float64Array.from(y, (v, i) => (i % 7 === 0 ? 0.25 : v))]) {
      const plain = fitLogistic(X, outcome, n, 1, { l2: 1e-6 });
      const weighted = fitLogistic(X, outcome, n, 1, { l2: 1e-6, weights: ones });
      expect(plain.iterations).toBeGreaterThan(2);
      expect([plain.intercept, plain.coef[0], plain.deviance, plain.iterations]).toEqual([
        weighted.intercept,
        weighted.coef[0],
        weighted.deviance,
        weighted.iterations,
      ]);
    }
  });

  it('stays finite on perfectly separated data thanks to the ridge', () => {
    const fit = fitLogistic(Float64Array.from([0, 0, 1, 1]), Uint8Array.from([0, 0, 1, 1]), 4, 1, {
      l2: 1,
    });
    expect(Number.isFinite(fit.coef[0])).toBe(true);
    expect(fit.coef[0]).toBeGreaterThan(0);
  });
});

describe('auc', () => {
  it('counts ties half and matches a hand computation', () => {
    // positives 0.35, 0.8, 0.5 against negatives 0.1, 0.4, 0.5:
    // 0.35 beats 0.1 only (1), 0.8 beats all (3), 0.5 beats 0.1 and 0.4 and ties 0.5 (2.5): 6.5 of 9
    const r = auc(
      Float64Array.from([0.1, 0.4, 0.35, 0.8, 0.5, 0.5]),
      Uint8Array.from([0, 0, 1, 1, 1, 0]),
    );
    expect(r.auc).toBeCloseTo(6.5 / 9, 12);
  });
  it('gives the Hanley-McNeil interval', () => {
    const r = auc(
      Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]),
      Uint8Array.from([0, 0, 1, 0, 1, 0, 1, 1]),
    );
    expect(r.auc).toBe(0.8125);
    // se^2 = (A(1-A) + 3(Q1 - A^2) + 3(Q2 - A^2)) / 16, Q1 = A/(2-A), Q2 = 2A^2/(1+A)
    const A = 0.8125;
    const se = Math.sqrt(
      (A * (1 - A) + 3 * (A / (2 - A) - A * A) + 3 * ((2 * A * A) / (1 + A) - A * A)) / 16,
    );
    expect(r.lo).toBeCloseTo(A - 1.96 * se, 12);
  });
  it('is symmetric: AUC(s) + AUC(-s) = 1 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ noNaN: true, min: -10, max: 10 }), fc.boolean()), {
          minLength: 2,
          maxLength: 60,
        }),
        (pairs) => {
          const y = Uint8Array.from(pairs.map((p) => (p[1] ? 1 : 0)));
          if (y.every((v) => v === 1) || y.every((v) => v === 0)) return;
          const s = Float64Array.from(pairs.map((p) => p[0]));
          const a = auc(s, y).auc;
          expect(a).toBeGreaterThanOrEqual(0);
          expect(
            a +
              auc(
                s.map((v) => -v),
                y,
              ).auc,
          ).toBeCloseTo(1, 12);
        },
      ),
    );
  });
});

describe('calibrationError', () => {
  it('is 0 when each bin predicts its observed rate', () => {
    expect(
      calibrationError(Float64Array.from([0.5, 0.5, 0.5, 0.5]), Uint8Array.from([1, 0, 1, 0]), 1),
    ).toBe(0);
    expect(calibrationError(Float64Array.from([0.9, 0.9]), Uint8Array.from([0, 0]), 1)).toBeCloseTo(
      0.9,
      12,
    );
  });
});

describe('multiple testing', () => {
  it('Benjamini-Hochberg matches the worked example', () => {
    const p = [0.01, 0.04, 0.03, 0.005, 0.2];
    // sorted: 0.005, 0.01, 0.03, 0.04, 0.2 -> 0.025, 0.025, 0.05, 0.05, 0.2
    expect(benjaminiHochberg(p).map((q) => Math.round(q * 1e6) / 1e6)).toEqual([
      0.025, 0.05, 0.05, 0.025, 0.2,
    ]);
  });
  it('exact binomial test matches known values', () => {
    expect(binomialTest(7, 10, 0.5)).toBeCloseTo(0.34375, 10);
    expect(binomialTest(0, 10, 0.5)).toBeCloseTo(2 / 1024, 10);
    expect(binomialTest(9, 20, 0.1)).toBeLessThan(0.001);
  });
  it('lgamma matches log factorials', () => {
    expect(lgamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(lgamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });
});

describe('stratifiedFolds', () => {
  it('keeps the class balance of every fold within one row, deterministically', () => {
    const y = Uint8Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const f = stratifiedFolds(y, 5, 42);
    for (let k = 0; k < 5; k++) {
      const pos = [...y].filter((v, i) => v === 1 && f[i] === k).length;
      expect([5, 6]).toContain(pos);
    }
    expect([...stratifiedFolds(y, 5, 42)]).toEqual([...f]);
  });

  it('deals the rows as the array-based version did (same draws, same folds)', () => {
    /** The version on pushed arrays that the typed-array one replaced. */
    function pushed(y: Uint8Array, k: number, seed: number, include?: Uint8Array): Int32Array {
      const r = createRandom(seed);
      const fold = new Int32Array(y.length).fill(-1);
      for (const cls of [0, 1]) {
        const idx: number[] = [];
        for (let i = 0; i < y.length; i++)
          if (y[i] === cls && (!include || include[i] === 1)) idx.push(i);
        for (let i = idx.length - 1; i > 0; i--) {
          const j = Math.floor(r.next() * (i + 1));
          [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
        }
        idx.forEach((row, m) => {
          fold[row] = m % k;
        });
      }
      return fold;
    }
    const r = createRandom(3);
    const y = Uint8Array.from({ length: 5003 }, () => (r.chance(0.2) ? 1 : 0));
    const include = Uint8Array.from(y, () => (r.chance(0.8) ? 1 : 0));
    for (const [k, seed] of [
      [5, 1],
      [2, 7],
      [3, 0],
    ] as const) {
      expect([...stratifiedFolds(y, k, seed)]).toEqual([...pushed(y, k, seed)]);
      expect([...stratifiedFolds(y, k, seed, include)]).toEqual([...pushed(y, k, seed, include)]);
    }
  });
});

describe('chiSquareTest', () => {
  it('matches a textbook 2x2 table and the chi-square tail', async () => {
    const { chiSquareTest, gammaQ } = await import('./multiple-testing.js');
    // bins: 30 of 40 positive, 20 of 60 positive -> statistic 16.6667 with 1 df
    const r = chiSquareTest([40, 60], [30, 20]);
    expect(r.statistic).toBeCloseTo(16.666666666666668, 10);
    expect(r.df).toBe(1);
    // with 1 df, P(X > s) = erfc(sqrt(s / 2)) = 4.455709060405608e-5 (Python's math.erfc)
    expect(r.p).toBeCloseTo(4.455709060405608e-5, 12);
    // P(chi2 with 2 df > 5.991) = 0.05
    expect(gammaQ(1, 5.991464547107979 / 2)).toBeCloseTo(0.05, 10);
    expect(chiSquareTest([10, 0, 10], [5, 0, 5]).df).toBe(1);
  });
});
