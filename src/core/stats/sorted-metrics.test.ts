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

/**
 * Calibration error by its definition: rows sorted by a stable comparator sort of row indexes,
 * each row's outcome counted as its tie group's rate (rows of equal probability cannot be told
 * apart, so a bin edge through a group shares the group's positives in proportion).
 */
function definitionCalibration(p: Float64Array, y: Uint8Array, bins = 10): number {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (p[a] as number) - (p[b] as number),
  );
  const groups = new Map<number, { rows: number; positives: number }>();
  for (let i = 0; i < n; i++) {
    const g = groups.get(p[i] as number) ?? { rows: 0, positives: 0 };
    g.rows++;
    g.positives += y[i] as number;
    groups.set(p[i] as number, g);
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let sp = 0;
    let sy = 0;
    for (let m = from; m < to; m++) {
      const v = p[order[m] as number] as number;
      const g = groups.get(v) as { rows: number; positives: number };
      sp += v;
      sy += g.positives / g.rows;
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

  it('shares a tie run cut by a bin edge in proportion, as the definition does', () => {
    for (const n of [1, 7, 10, 33, 1000, 2501]) {
      const { p, y } = make(n);
      for (const bins of [1, 3, 10])
        expect(calibrationError(p, y, bins)).toBeCloseTo(definitionCalibration(p, y, bins), 12);
    }
    expect(calibrationError(new Float64Array(0), new Uint8Array(0))).toBe(0);
  });

  it('does not depend on the order of the rows', () => {
    const { p, y } = make(2000);
    // Reversed, then the positives first: both put other rows of a tie run on each side of an edge.
    const reversed = Array.from({ length: p.length }, (_, i) => p.length - 1 - i);
    const positivesFirst = [...reversed].sort((a, b) => (y[b] as number) - (y[a] as number));
    const expected = calibrationError(p, y);
    for (const order of [reversed, positivesFirst]) {
      const p2 = Float64Array.from(order, (i) => p[i] as number);
      const y2 = Uint8Array.from(order, (i) => y[i] as number);
      expect(calibrationError(p2, y2)).toBe(expected);
    }
  });

  it('gives these figures', () => {
    const { p, y } = make(2000);
    expect(calibrationError(p, y)).toMatchInlineSnapshot(`0.12923783185840712`);
    // One run of 500 equal probabilities: every bin gets the run's rate, 0.25 against it.
    const flat = y.subarray(0, 500);
    const rate = flat.reduce((a, b) => a + b, 0) / 500;
    expect(calibrationError(new Float64Array(500).fill(0.25), flat)).toBeCloseTo(
      Math.abs(rate - 0.25),
      12,
    );
  });
});
