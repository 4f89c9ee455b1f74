import { describe, expect, it } from 'vitest';
import { assignNumericBin } from './bin-numeric.js';
import { fineCategorical, fineNumeric } from './fine-bins.js';
import { mergeFineBins } from './merge-bins.js';
import { findSpecialValues } from './special-values.js';

const repeat = (pairs: [number, number][]) =>
  Float64Array.from(pairs.flatMap(([v, c]) => Array<number>(c).fill(v)));

describe('findSpecialValues', () => {
  it('finds sentinel codes far above ordinary counts (96 and 98 past counts that stop at 13)', () => {
    const distinct = [0, 1, 2, 3, 5, 8, 13, 96, 98];
    const counts = [140_000, 7000, 2000, 400, 60, 12, 3, 5, 264];
    // 98 repeats enough for a bin of its own; 96 (5 rows) joins its neighbour.
    expect(findSpecialValues(distinct, counts, { minCount: 20, fineBins: 40 })).toEqual([98]);
  });

  it('finds a spike among many values (0 capital gain) but not a busy value among busy neighbours', () => {
    const distinct = Array.from({ length: 60 }, (_, j) => j * 100);
    const spike = distinct.map((_, j) => (j === 0 ? 5000 : 20));
    expect(findSpecialValues(distinct, spike, { minCount: 20, fineBins: 40 })).toEqual([0]);
    const flat = distinct.map((_, j) => 80 + (j % 3) * 10);
    expect(findSpecialValues(distinct, flat, { minCount: 20, fineBins: 40 })).toEqual([]);
    // Few distinct values: each has a bin anyway, so no spike is singled out.
    expect(findSpecialValues([0, 1, 2], [900, 50, 50], { minCount: 20, fineBins: 40 })).toEqual([]);
  });

  it('finds a repeated negative code in an otherwise non-negative column (-1: never contacted)', () => {
    expect(
      findSpecialValues([-1, 0, 1, 2, 3, 4], [300, 10, 400, 380, 350, 320], {
        minCount: 20,
        fineBins: 40,
      }),
    ).toEqual([-1]);
    // Genuinely signed data (a balance) has no such code.
    expect(
      findSpecialValues([-30, -20, -10, 0, 10, 20], [50, 60, 70, 80, 70, 60], {
        minCount: 20,
        fineBins: 40,
      }),
    ).toEqual([]);
  });
});

describe('fineNumeric', () => {
  it('cuts equal-frequency bins around a spike, which gets a bin of its own', () => {
    // 0 for 900 rows, then 1..100 once each: the spike and four bins of 25 ordinary values.
    const values = Float64Array.from([
      ...Array<number>(900).fill(0),
      ...Array.from({ length: 100 }, (_, i) => i + 1),
      Number.NaN,
    ]);
    const f = fineNumeric('gain', values, { maxBins: 4, minCount: 10 });
    expect(f.bins.map((b) => b.label)).toEqual([
      '0',
      '1 – 26',
      '26 – 51',
      '51 – 76',
      '≥ 76',
      'missing',
    ]);
    expect(f.chain).toEqual([1, 2, 3, 4]);
    expect([...f.special]).toEqual([[0, 0]]);
    expect([f.codes[0], f.codes[900], f.codes[925], f.codes[1000]]).toEqual([0, 1, 2, 5]);
    for (let i = 0; i < values.length; i++)
      expect(assignNumericBin(f.bins, values[i] as number)).toBe(f.codes[i]);
  });

  it('gives each value a bin when there are few, and keeps a far code out of the chain', () => {
    const values = repeat([
      [0, 2500],
      [1, 400],
      [2, 75],
      [98, 25],
    ]);
    const f = fineNumeric('late', values, { maxBins: 40, minCount: 10, minSpecial: 20 });
    expect(f.bins.map((b) => b.label)).toEqual(['< 1', '1 – 2', '2 – 98', '98', 'missing']);
    expect(f.chain).toEqual([0, 1, 2]);
  });
});

describe('fineCategorical', () => {
  it('keeps every level of at least minCount rows, merges spellings, pools the rest in other', () => {
    const values = [
      ...Array<string>(6).fill('Fintech'),
      ...Array<string>(5).fill('fintech'),
      ...Array<string>(5).fill('Retail'),
      'Media',
      null,
    ];
    const f = fineCategorical('industry', values, { minCount: 5 });
    expect(f.bins.map((b) => b.label)).toEqual(['Fintech', 'Retail', 'other', 'missing']);
    expect([f.codes[6], f.codes[16], f.codes[17]]).toEqual([0, 2, 3]);
  });
});

describe('mergeFineBins', () => {
  it('merges neighbours the evidence does not tell apart, keeps a U shape, and scores an empty missing bin as average', () => {
    const values = Float64Array.from([10, 20, 30, 40, 50, 60]);
    const f = fineNumeric('age', values, { maxBins: 6, minCount: 1 });
    const effects = Float64Array.from([0.5, 0.45, -0.3, -0.25, 0.4, 0.42, 9]);
    const counts = Float64Array.from([100, 100, 100, 100, 100, 100, 0]);
    const information = Float64Array.from([25, 25, 25, 25, 25, 25, 0]);
    const m = mergeFineBins(
      f,
      { effects, counts, information },
      { delta: 0.1, z: 2, sure: 3, maxBins: 10 },
    );
    expect(m.attribute.bins.map((b) => b.label)).toEqual(['< 30', '30 – 50', '≥ 50', 'missing']);
    expect([...m.effects].map((e) => Math.round(e * 1000) / 1000)).toEqual([
      0.475, -0.275, 0.41, 0.203,
    ]);
    expect([...m.attribute.codes]).toEqual([0, 0, 1, 1, 2, 2]);
    // With a tenth of the rows the same differences are noise (under 2 standard errors): one bin.
    const thin = mergeFineBins(
      f,
      { effects, counts: counts.map((c) => c / 10), information: information.map((i) => i / 10) },
      { delta: 0.1, z: 2, sure: 3, maxBins: 10 },
    );
    expect(thin.attribute.bins.map((b) => b.label)).toEqual(['any', 'missing']);
  });

  it('groups levels by effect whatever their frequency: one bin per level, sharing the group points', () => {
    const f = fineCategorical('industry', ['a', 'a', 'b', 'c', 'c', 'c', 'd'], { minCount: 1 });
    // fine bins: c, a, b, d, other, missing; b is rare but earns like a.
    const effects = Float64Array.from([0.1, 1.0, 0.95, 0.0, 0, 0]);
    const counts = Float64Array.from([300, 200, 10, 100, 0, 0]);
    const information = Float64Array.from([70, 50, 2.5, 25, 0, 0]);
    const m = mergeFineBins(
      f,
      { effects, counts, information },
      { delta: 0.2, z: 2, sure: 3, maxBins: 10 },
    );
    expect(m.attribute.bins.map((b) => b.label)).toEqual(['c', 'a', 'b', 'd', 'other', 'missing']);
    expect([...m.pool]).toEqual([1, 0, 0, 1, 2, 3]);
    // a and b: (200 x 1 + 10 x 0.95) / 210; c and d: (300 x 0.1) / 400; other and missing:
    // no rows, so the attribute's average (30 + 200 + 9.5) / 610.
    const r = (x: number) => Math.round(x * 1e4) / 1e4;
    expect([...m.effects].map(r)).toEqual([0.075, 0.9976, 0.9976, 0.075, 0.3926, 0.3926]);
  });
});
