import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignCategoricalBin, binCategorical } from './bin-categorical.js';
import { assignNumericBin, binNumeric } from './bin-numeric.js';
import { evidenceTable } from './evidence.js';
import { buildCategoryDictionary, categoryKey } from './normalize-category.js';

describe('category normalisation', () => {
  it('merges spellings, keeps the most frequent one as the label, and treats null tokens as missing', () => {
    expect(
      ['Fintech', 'FinTech', ' fintech ', 'FINTECH', 'Fin-Tech'].map((v) => categoryKey(v)),
    ).toEqual(['fintech', 'fintech', 'fintech', 'fintech', 'fin tech']);
    expect(['', 'N/A', 'null', '  ', 'Unknown'].map((v) => categoryKey(v))).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    const d = buildCategoryDictionary([
      'FinTech',
      'Fintech',
      'fintech ',
      'Fintech',
      'Retail',
      null,
    ]);
    expect(d.keys).toEqual(['fintech', 'retail']);
    expect(d.labelOf('fintech')).toBe('Fintech');
    expect(d.rowKeys).toEqual(['fintech', 'fintech', 'fintech', 'fintech', 'retail', null]);
  });
  it('applies user aliases', () => {
    const aliases = new Map([['financial technology', 'fintech']]);
    expect(categoryKey('Financial Technology', aliases)).toBe('fintech');
  });
});

describe('binNumeric', () => {
  it('cuts at quantiles, keeps ties together and adds the missing bin', () => {
    const values = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Number.NaN]);
    const b = binNumeric('x', values, null, { maxBins: 2, minBinShare: 0 });
    expect(b.bins.map((x) => x.label)).toEqual(['< 6', '≥ 6', 'missing']);
    expect([...b.codes]).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2]);
    const ties = binNumeric('t', Float64Array.from([1, 1, 1, 1, 1, 1, 2, 3]), null, {
      maxBins: 4,
      minBinShare: 0,
    });
    // three distinct values, fewer than the bins allowed: one bin per value
    expect(ties.bins.map((x) => x.label)).toEqual(['< 2', '2 – 3', '≥ 3', 'missing']);
  });

  it('merges a bin smaller than the minimum share into its smaller neighbour', () => {
    const values = Float64Array.from([
      ...Array(45).fill(1),
      ...Array(5).fill(2),
      ...Array(50).fill(3),
    ]);
    const b = binNumeric('x', values, null, { maxBins: 10, minBinShare: 0.1 });
    expect(b.bins.map((x) => x.label)).toEqual(['< 3', '≥ 3', 'missing']);
  });

  it('merges neighbours until the rate is monotone', () => {
    // rates by value 1..4: 0.2, 0.6, 0.4, 0.8 -> the 0.6/0.4 dip is merged
    const values = Float64Array.from([1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4]);
    const target = Uint8Array.from([1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0]);
    const b = binNumeric('x', values, target, { maxBins: 4, minBinShare: 0 });
    expect(b.bins.map((x) => x.label)).toEqual(['< 2', '2 – 4', '≥ 4', 'missing']);
    expect(evidenceTable(b, target).rows.map((r) => r.rate)).toEqual([0.2, 0.5, 0.8, 0]);
  });

  it('assigns every training value back to its own bin (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), fc.constant(Number.NaN)),
          { minLength: 1, maxLength: 300 },
        ),
        (xs) => {
          const values = Float64Array.from(xs);
          const b = binNumeric('x', values, null, { maxBins: 5, minBinShare: 0.05 });
          for (let i = 0; i < values.length; i++)
            expect(assignNumericBin(b.bins, values[i] as number)).toBe(b.codes[i]);
        },
      ),
    );
  });

  it('bins a million rows held in a Float64Array', () => {
    const values = new Float64Array(1_000_000);
    for (let i = 0; i < values.length; i++) values[i] = (i * 7919) % 100_003;
    const b = binNumeric('big', values, null);
    expect(b.bins).toHaveLength(11); // 10 ranges and the missing bin
    expect(b.codes).toHaveLength(1_000_000);
  });
});

describe('binCategorical', () => {
  it('keeps frequent levels, groups rare ones in other, and scores unseen and missing values', () => {
    const values = [
      ...Array(30).fill('Fintech'),
      ...Array(25).fill('retail'),
      'Media',
      'Media',
      null,
      'FINTECH',
    ];
    const b = binCategorical('industry', values, null, { minCount: 20 });
    expect(b.bins.map((x) => x.label)).toEqual(['Fintech', 'retail', 'other', 'missing']);
    expect([...b.codes.slice(55)]).toEqual([2, 2, 3, 0]);
    expect(assignCategoricalBin(b.bins, ' FinTech')).toBe(0);
    expect(assignCategoricalBin(b.bins, 'Space')).toBe(2);
    expect(assignCategoricalBin(b.bins, '')).toBe(3);
  });
});

describe('evidenceTable', () => {
  it('computes rate, Wilson interval, lift, smoothed WoE and IV per bin', () => {
    // bin A: 8 of 10 positive; bin B: 2 of 10; missing: empty
    const values = Float64Array.from([...Array(10).fill(1), ...Array(10).fill(5)]);
    const target = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const b = binNumeric('x', values, null, { maxBins: 2, minBinShare: 0 });
    const e = evidenceTable(b, target);
    expect(e.baseRate).toBe(0.5);
    const [a, bb, missing] = e.rows;
    // smoothing: (8 + 0.5) / (10 + 1.5) against (2 + 0.5) / (10 + 1.5)
    expect(a!.woe).toBeCloseTo(Math.log(8.5 / 2.5), 12);
    expect(bb!.woe).toBeCloseTo(Math.log(2.5 / 8.5), 12);
    expect(missing!.woe).toBe(0);
    expect(a!.lift).toBe(1.6);
    expect(e.iv).toBeCloseTo(2 * ((8.5 - 2.5) / 11.5) * Math.log(8.5 / 2.5), 12);
    expect(Math.round(a!.interval.lo * 1e4) / 1e4).toBe(0.4902);
  });

  it('with groups, takes the accounts as the independent units of each bin’s interval', () => {
    // Bin A is one account with 10 rows: one unit, so its rate says nothing beyond 0-1.
    // Bin B is ten accounts of one row each: the interval of a proportion over 10.
    const values = Float64Array.from([...Array(10).fill(1), ...Array(10).fill(5)]);
    const target = Uint8Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const groups = Int32Array.from([...Array(10).fill(0), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const b = binNumeric('x', values, null, { maxBins: 2, minBinShare: 0 });
    const [a, bb] = evidenceTable(b, target, undefined, groups).rows;
    expect(a!.rate).toBe(0.8);
    expect(a!.interval).toEqual({ lo: 0, hi: 1 });
    // Ratio estimator with 10 clusters of 1: sqrt(10/9 x sum (y - 0.2)^2) / 10 (above the
    // binomial sqrt(0.16 / 10)), times Student's t with 9 degrees of freedom.
    const se = Math.sqrt((10 / 9) * (2 * 0.8 ** 2 + 8 * 0.2 ** 2)) / 10;
    expect(se).toBeGreaterThan(Math.sqrt(0.16 / 10));
    expect(bb!.interval.lo).toBeCloseTo(Math.max(0, 0.2 - 2.262157162798205 * se), 12);
    expect(bb!.interval.hi).toBeCloseTo(0.2 + 2.262157162798205 * se, 12);
  });
});
