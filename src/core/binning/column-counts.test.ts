import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/prng.js';
import { binCategorical } from './bin-categorical.js';
import { numericCounts, textCounter, textCounts } from './column-counts.js';
import { binCounts, countedEvidence, evidenceTable, pooledCounts } from './evidence.js';
import { fineNumeric } from './fine-bins.js';
import { buildCategoryDictionary, categoryKey } from './normalize-category.js';

/** The row loop numericCounts replaced: sort the filled values, count their runs. */
function sortedRuns(values: Float64Array): { distinct: number[]; counts: number[] } {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < present.length; i++) {
    const v = present[i] as number;
    if (i > 0 && v === present[i - 1]) counts[counts.length - 1] = (counts.at(-1) as number) + 1;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  return { distinct, counts };
}

/** The row loop categoryLevels replaced: a key, a count and a spelling per row. */
function rowDictionary(values: readonly (string | null)[]) {
  const counts = new Map<string, number>();
  const spellings = new Map<string, Map<string, number>>();
  const rowKeys = values.map((v) => {
    const key = categoryKey(v);
    if (key === null) return null;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const s = spellings.get(key) ?? new Map<string, number>();
    spellings.set(key, s);
    const shown = (v as string).trim();
    s.set(shown, (s.get(shown) ?? 0) + 1);
    return key;
  });
  const label = (key: string) =>
    [...(spellings.get(key) as Map<string, number>)].sort(
      (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1),
    )[0]?.[0];
  const keys = [...counts.keys()].sort(
    (a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return { keys, counts: [...counts], labels: keys.map(label), rowKeys };
}

describe('numericCounts', () => {
  it('counts distinct filled values in order: missing left out, ties together, -0 one value with 0', () => {
    const values = Float64Array.from([3, Number.NaN, -0, 0, 1e-300, -5, 3, 0, Number.NaN, -5, 2.5]);
    const c = numericCounts(values);
    expect(c).toEqual({ distinct: [-5, -0, 1e-300, 2.5, 3], counts: [2, 3, 1, 1, 2] });
    // A sorted column starts its zeros with -0, so its run of zeros reads -0.
    expect(Object.is(c.distinct[1], -0)).toBe(true);
    expect(Object.is(numericCounts(Float64Array.from([0, 0])).distinct[0], 0)).toBe(true);
    expect(numericCounts(Float64Array.from([Number.NaN, Number.NaN]))).toEqual({
      distinct: [],
      counts: [],
    });
    expect(numericCounts(Float64Array.from([7, 7, 7]))).toEqual({ distinct: [7], counts: [3] });
  });

  it('equals sorting the rows and counting runs, over thousands of distinct values', () => {
    const r = createRandom(5);
    const values = Float64Array.from({ length: 30_000 }, (_, i) =>
      i % 17 === 0 ? Number.NaN : Math.round(r.next() * 6000) / 4 - 300,
    );
    const c = numericCounts(values);
    expect(c).toEqual(sortedRuns(values));
    expect(c.distinct.length).toBeGreaterThan(5000);
  });

  it('gives fine bins the counts they would count themselves (spike, sentinel, missing)', () => {
    // 0 a spike (1,000 of 3,037 rows), 98 a far sentinel (25 rows, under 1%), 12 missing.
    const values = Float64Array.from([
      ...Array<number>(1000).fill(0),
      ...Array.from({ length: 2000 }, (_, i) => 1 + (i % 20)),
      ...Array<number>(25).fill(98),
      ...Array<number>(12).fill(Number.NaN),
    ]);
    const fine = fineNumeric('x', values, { maxBins: 10, minCount: 20 });
    expect(fine.bins.map((b) => b.label)).toEqual([
      '0',
      '1 – 3',
      '3 – 5',
      '5 – 7',
      '7 – 9',
      '9 – 11',
      '11 – 13',
      '13 – 15',
      '15 – 17',
      '17 – 19',
      '19 – 98',
      '98',
      'missing',
    ]);
    expect(fine.special).toEqual(
      new Map([
        [0, 0],
        [11, 98],
      ]),
    );
    expect(Array.from(binCounts(fine.codes, fine.bins.length).rows)).toEqual([
      1000, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 25, 12,
    ]);
  });
});

describe('textCounts and the category levels counted from it', () => {
  it('textCounter counts cell by cell what textCounts counts of the array', () => {
    const cells = ['b', null, 'a', 'b', ' b', undefined, 'a', 'b'];
    const counter = textCounter();
    const ids = cells.map((v) => counter.add(v));
    expect(ids).toEqual([0, -1, 1, 0, 2, -1, 1, 0]);
    expect({ values: counter.values, counts: counter.counts, ids: Int32Array.from(ids) }).toEqual(
      textCounts(cells),
    );
    expect(counter.counts).toEqual([3, 2, 1]);
  });

  it('indexes each row by its distinct value as written; null and undefined are -1', () => {
    const c = textCounts(['b', null, 'a', 'b', ' b', undefined]);
    expect(c.values).toEqual(['b', 'a', ' b']);
    expect(c.counts).toEqual([2, 1, 1]);
    expect(Array.from(c.ids)).toEqual([0, -1, 1, 0, 2, -1]);
  });

  it('finds the levels, labels and row keys of the row-by-row dictionary on awkward spellings', () => {
    const values = [
      'FinTech',
      'fintech ',
      'Fintech',
      'fintech ',
      'N/A',
      '',
      '  ',
      null,
      'Retail',
      ' retail',
      'Health-Care',
      'health care',
      'yes',
      'TRUE',
      'Fintech',
    ];
    const d = buildCategoryDictionary(values);
    const ref = rowDictionary(values);
    expect(d.keys).toEqual(['fintech', 'health care', 'retail', 'yes']);
    expect(d.keys).toEqual(ref.keys);
    expect([...d.counts]).toEqual(expect.arrayContaining(ref.counts));
    // Ties of spellings: "Fintech" and "fintech" (trimmed) have two rows each; the first alphabetically wins.
    expect(d.keys.map((k) => d.labelOf(k))).toEqual(['Fintech', 'Health-Care', 'Retail', 'TRUE']);
    expect(d.keys.map((k) => d.labelOf(k))).toEqual(ref.labels);
    expect(d.rowKeys).toEqual(ref.rowKeys);
  });

  it('bins every row as the row loop did: one-level column, other, missing', () => {
    const one = binCategorical('plan', ['Pro', 'pro', null, 'PRO '], null, { minCount: 1 });
    // One row per spelling: the alphabetically first labels the level.
    expect(one.bins.map((b) => b.label)).toEqual(['PRO', 'other', 'missing']);
    expect(Array.from(one.codes)).toEqual([0, 0, 2, 0]);
    const values = ['a', 'b', 'a', 'c', null, 'n/a', 'A', 'b'];
    const b = binCategorical('x', values, null, { minCount: 2 });
    expect(b.bins.map((x) => x.label)).toEqual(['a', 'b', 'other', 'missing']);
    expect(Array.from(b.codes)).toEqual([0, 1, 0, 2, 3, 3, 0, 1]);
  });
});

describe('evidence from counts', () => {
  it('equals the row loop’s table, for bins pooled from fine bins', () => {
    const codes = Int32Array.from([0, 1, 1, 2, 3, 3, 3, 4, 0, 2, 4, 4]);
    const target = Uint8Array.from([1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1]);
    const fine = binCounts(codes, 6, target);
    expect(Array.from(fine.rows)).toEqual([2, 2, 2, 3, 3, 0]);
    expect(Array.from(fine.positives)).toEqual([2, 1, 0, 2, 1, 0]);
    const into = [0, 0, 1, 1, 2, 3];
    const bins = ['< 2', '2 – 4', '≥ 4', 'missing'].map((label) => ({
      kind: 'other' as const,
      label,
    }));
    const attr = { name: 'x', kind: 'numeric' as const, bins };
    const rowCodes = Int32Array.from(codes, (c) => into[c] as number);
    expect(countedEvidence(attr, pooledCounts(fine, into, 4))).toEqual(
      evidenceTable({ ...attr, codes: rowCodes }, target),
    );
  });
});
