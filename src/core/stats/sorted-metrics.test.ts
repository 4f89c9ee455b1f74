import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/prng.js';
import { auc, calibrationError } from './metrics.js';

/** The Mann-Whitney statistic over every pair: a positive above a negative 1, a tie 1/2. */
function pairsAuc(scores: Float64Array, y: Uint8Array): number {
  let u = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++)
    for (let j = 0; j < scores.length; j++) {
      if (y[i] !== 1 || y[j] !== 0) continue;
      pairs++;
      const a = scores[i] as number;
      const b = scores[j] as number;
      u += a > b ? 1 : a === b ? 0.5 : 0;
    }
  return u / pairs;
}

describe('auc on tied scores', () => {
  // 2,000 scores on 7 levels (heavy ties, -0 beside 0), the positives more often high.
  const r = createRandom(3);
  const levels = [-1.5, -0, 0, 0.25, 0.25000000000000006, 2, 7];
  const y = Uint8Array.from({ length: 2000 }, () => (r.chance(0.3) ? 1 : 0));
  const scores = Float64Array.from(y, (v) => levels[Math.min(6, r.int(0, 5) + v)] as number);

  it('is the share of positive-negative pairs in order, ties counted half, exactly', () => {
    expect(auc(scores, y).auc).toBe(pairsAuc(scores, y));
  });

  it('gives the figures the row-index sort gave', () => {
    expect(auc(scores, y)).toMatchInlineSnapshot(`
      {
        "auc": 0.6517591048764357,
        "hi": 0.6792346405090546,
        "lo": 0.6242835692438169,
      }
    `);
    const one = Uint8Array.from(y, (_, i) => (i === 17 ? 1 : 0));
    expect(auc(scores, one)).toMatchInlineSnapshot(`
      {
        "auc": 0.2858929464732366,
        "hi": 0.7038372347774435,
        "lo": 0,
      }
    `);
    expect(auc(new Float64Array(2000).fill(0.5), y)).toMatchInlineSnapshot(`
      {
        "auc": 0.5,
        "hi": 0.5279317814983061,
        "lo": 0.47206821850169384,
      }
    `);
  });
});

/** Calibration error as first written: row indexes sorted by a stable comparator sort. */
function indexSortCalibration(p: Float64Array, y: Uint8Array, bins = 10): number {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (p[a] as number) - (p[b] as number),
  );
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let sp = 0;
    let sy = 0;
    for (let m = from; m < to; m++) {
      sp += p[order[m] as number] as number;
      sy += y[order[m] as number] as number;
    }
    ece += (Math.abs(sp - sy) / (to - from)) * ((to - from) / n);
  }
  return ece;
}

describe('calibrationError on tied probabilities', () => {
  // Runs of equal probabilities that the bin edges cut, positives spread through each run.
  const levels = [0, -0, 0.1, 0.1, 0.35, 0.5, 0.9, 1];
  const make = (n: number) => {
    const r = createRandom(n);
    const y = Uint8Array.from({ length: n }, () => (r.chance(0.4) ? 1 : 0));
    const p = Float64Array.from(y, (v) => levels[r.int(0, 5) + 2 * v] as number);
    return { p, y };
  };

  it('gives to the last digit what the sort of row indexes gave', () => {
    for (const n of [1, 7, 10, 33, 1000, 2501]) {
      const { p, y } = make(n);
      for (const bins of [1, 3, 10])
        expect(calibrationError(p, y, bins)).toBe(indexSortCalibration(p, y, bins));
    }
    expect(calibrationError(new Float64Array(0), new Uint8Array(0))).toBe(0);
  });

  it('gives the figures it gave before', () => {
    const { p, y } = make(2000);
    expect(calibrationError(p, y)).toMatchInlineSnapshot(`0.1288750000000001`);
    expect(
      calibrationError(new Float64Array(500).fill(0.25), y.subarray(0, 500)),
    ).toMatchInlineSnapshot(`0.17200000000000004`);
  });
});
