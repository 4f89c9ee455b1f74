import { describe, expect, it } from 'vitest';
import { binCounts, countedEvidence, evidenceTable, pooledCounts } from '../binning/evidence.js';
import { type FineAttribute, fineCategorical, fineNumeric } from '../binning/fine-bins.js';
import { createRandom } from '../random/prng.js';
import { fitAdditive, termOf } from '../scorecard/additive-fit.js';
import { COLLAPSE_ROWS } from '../scorecard/distinct-patterns.js';
import { tunePenalty } from '../scorecard/tune-penalty.js';
import { countColumn, summariseColumn, summariseCounts } from './screen.js';
import { heldOutRows, testGroups, univariateFolds } from './univariate-bins.js';
import { countedFolds, countedTerms } from './univariate-partition.js';
import { fitUnivariate, keyedDeviances } from './univariate-tuning.js';

/** Rows with awkward columns: a sentinel, missing values, a spike, ties, a rare level and a one-level column. */
function awkward(n: number) {
  const r = createRandom(11);
  const age = new Float64Array(n);
  const level: (string | null)[] = [];
  const one: (string | null)[] = [];
  const target = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const u = r.next();
    age[i] =
      u < 0.03 ? Number.NaN : u < 0.05 ? -999 : u < 0.3 ? 40 : Math.floor(18 + 60 * r.next());
    const v = r.next();
    level.push(
      v < 0.1 ? null : v < 0.5 ? 'Retail ' : v < 0.9 ? 'fintech' : v < 0.9995 ? 'N/A' : 'Rare',
    );
    one.push(i % 7 === 0 ? null : 'Only');
    const logit = -1 + (age[i] === 40 ? 0.8 : 0) + (level[i] === 'fintech' ? 0.6 : 0);
    target[i] = r.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { age, level, one, target };
}

/** How univariateBins fitted before it counted: tunePenalty, then fitAdditive on the held-out rows sorted. */
function rowFit(fine: FineAttribute, target: Uint8Array) {
  const folds = univariateFolds(target);
  const rows = new Int32Array(folds.reduce((s, f) => s + f.test.length, 0));
  let k = 0;
  for (const f of folds) for (const i of f.test) rows[k++] = i;
  rows.sort();
  const term = termOf(fine);
  const { penalty, innerFits } = tunePenalty([term], target, folds);
  return fitAdditive([term], target, rows, penalty, innerFits[0]);
}

describe('fitUnivariate', () => {
  for (const n of [3000, 2 * COLLAPSE_ROWS + 4000]) {
    it(`gives the row-by-row fit to the last digit (${n.toLocaleString('en-US')} rows)`, () => {
      const { age, level, target } = awkward(n);
      for (const fine of [
        fineNumeric('age', age, { maxBins: 40, minCount: 10 }),
        fineCategorical('level', level, { minCount: 5 }),
      ]) {
        const folds = univariateFolds(target);
        const fit = fitUnivariate(termOf(fine), target, folds, heldOutRows(folds, n));
        const ref = rowFit(fine, target);
        expect(fit.intercept).toBe(ref.intercept);
        expect(Array.from(fit.effects[0] as Float64Array)).toEqual(
          Array.from(ref.effects[0] as Float64Array),
        );
        expect(Array.from(fit.counts[0] as Float64Array)).toEqual(
          Array.from(ref.counts[0] as Float64Array),
        );
        expect(Array.from(fit.information[0] as Float64Array)).toEqual(
          Array.from(ref.information[0] as Float64Array),
        );
      }
    });
  }
});

describe('fitUnivariate on folds that partition their rows', () => {
  it('counts every fold in one pass as it counts fold by fold, to the last digit', () => {
    const n = 6000;
    const { age, level, target } = awkward(n);
    // A fold's training rows, as a cross-validation fold's selection deals them.
    const rows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 5 !== 2);
    const folds = univariateFolds(target, rows, 3);
    // The same folds in another array: not known to partition, so fitted fold by fold.
    const copied = folds.map((f) => ({ ...f }));
    const learned = heldOutRows(folds, n);
    expect(
      countedFolds(termOf(fineCategorical('level', level)), target, folds, learned),
    ).toBeDefined();
    expect(countedFolds(termOf(fineCategorical('level', level)), target, copied, learned)).toBe(
      undefined,
    );
    for (const fine of [
      fineNumeric('age', age, { maxBins: 40, minCount: 10 }),
      fineCategorical('level', level, { minCount: 5 }),
    ]) {
      for (const collapse of [0, 3000]) {
        const one = fitUnivariate(termOf(fine), target, folds, learned, collapse);
        const each = fitUnivariate(termOf(fine), target, copied, learned, collapse);
        expect(one.intercept).toBe(each.intercept);
        for (const key of ['effects', 'counts', 'information'] as const)
          expect(Array.from(one[key][0] as Float64Array)).toEqual(
            Array.from(each[key][0] as Float64Array),
          );
      }
    }
  });
});

describe('countedTerms', () => {
  it('counts several attributes in one pass as it counts each alone, to the last digit', () => {
    const n = 6000;
    const { age, level, one, target } = awkward(n);
    const rows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 5 !== 1);
    const folds = univariateFolds(target, rows, 3);
    const learned = heldOutRows(folds, n);
    const terms = [
      termOf(fineNumeric('age', age, { maxBins: 40, minCount: 10 })),
      termOf(fineCategorical('level', level, { minCount: 5 })),
      termOf(fineCategorical('one', one, { minCount: 5 })),
    ];
    const together = countedTerms(terms, target, folds, learned);
    expect(together?.length).toBe(3);
    terms.forEach((term, t) => {
      expect(together?.[t]).toEqual(countedFolds(term, target, folds, learned));
    });
    // Folds not known to partition their rows are not counted together either.
    expect(
      countedTerms(
        terms,
        target,
        folds.map((f) => ({ ...f })),
        learned,
      ),
    ).toBe(undefined);
  });
});

describe('screening and test bins from counts', () => {
  /** The row loop summariseCounts replaced. */
  function rowSummary(values: Float64Array | (string | null)[]) {
    const counts = new Map<string | number, number>();
    let filled = 0;
    for (const v of values) {
      if (v === null || (typeof v === 'number' ? Number.isNaN(v) : v.trim() === '')) continue;
      filled++;
      const k = typeof v === 'number' ? v : v.trim().toLowerCase();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return { filled, distinct: counts.size, top: Math.max(0, ...counts.values()) };
  }

  it('summarises a column as the row loop did (blanks, spellings, -0, a one-level column)', () => {
    const numbers = { x: Float64Array.from([0, -0, 3, Number.NaN, 3, 3]) };
    const texts = { t: ['A', ' a', '', '  ', null, 'B'], one: ['x', 'x', null] };
    const input = { numbers, texts };
    expect(summariseColumn(input, 'x', 'numeric', 6)).toEqual({
      name: 'x',
      kind: 'numeric',
      rows: 6,
      filled: 5,
      distinct: 2,
      topShare: 0.6,
    });
    expect(summariseCounts('t', countColumn(input, 't', 'categorical'), 6)).toEqual({
      name: 't',
      kind: 'categorical',
      rows: 6,
      filled: 3,
      distinct: 2,
      topShare: 2 / 3,
    });
    expect(summariseColumn(input, 'one', 'categorical', 3).topShare).toBe(1);
    expect(summariseColumn(input, 'absent', 'numeric', 3).filled).toBe(0);
    const { age, level } = awkward(5000);
    for (const [values, kind] of [
      [age, 'numeric'],
      [level, 'categorical'],
    ] as const) {
      const s = summariseColumn({ numbers: { c: age }, texts: { c: level } }, 'c', kind, 5000);
      const ref = rowSummary(values);
      expect([s.filled, s.distinct, s.topShare]).toEqual([
        ref.filled,
        ref.distinct,
        ref.top / ref.filled,
      ]);
    }
  });

  it('groups fine bins into test bins whose table equals the row loop’s', () => {
    const { age, one, target } = awkward(5000);
    const fine = fineNumeric('age', age, { maxBins: 40, minCount: 10 });
    const counts = binCounts(fine.codes, fine.bins.length, target);
    const { bins, group } = testGroups(fine, counts.rows);
    // Nine groups of ordinary ages (-999 and 40 special: bins 0 and 12), then the sentinel, the spike and missing apart.
    expect(fine.special).toEqual(
      new Map([
        [0, -999],
        [12, 40],
      ]),
    );
    expect(Array.from(group)).toEqual([
      9, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 10, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8,
      8, 11,
    ]);
    const codes = Int32Array.from(fine.codes, (c) => group[c] as number);
    expect(countedEvidence({ ...fine, bins }, pooledCounts(counts, group, bins.length))).toEqual(
      evidenceTable({ ...fine, bins, codes }, target),
    );
    const single = fineCategorical('one', one, { minCount: 5 });
    const levels = testGroups(single, binCounts(single.codes, single.bins.length).rows);
    expect(levels.bins.map((b) => b.label)).toEqual(['Only', 'other', 'missing']);
    expect(Array.from(levels.group)).toEqual([0, 1, 2]);
  });
});

describe('keyedDeviances', () => {
  it('sums each fold’s values over its keys in order, two folds side by side, to the last digit', () => {
    const r = createRandom(5);
    const values = [0, 1, 2].map(() => Float64Array.from({ length: 84 }, () => 3 * r.next()));
    const keys = [1_001, 998, 1_000].map((n) => Uint8Array.from({ length: n }, () => r.int(0, 83)));
    const plain = (v: Float64Array, k: Uint8Array) => {
      let dev = 0;
      for (const key of k) dev += v[key] as number;
      return dev;
    };
    const [v0, v1, v2] = values as [Float64Array, Float64Array, Float64Array];
    const [k0, k1, k2] = keys as [Uint8Array, Uint8Array, Uint8Array];
    expect(keyedDeviances([v0, v1], [k0, k1])).toEqual([plain(v0, k0), plain(v1, k1)]);
    expect(keyedDeviances([v1, v0], [k1, k0])).toEqual([plain(v1, k1), plain(v0, k0)]);
    expect(keyedDeviances(values, keys)).toEqual([plain(v0, k0), plain(v1, k1), plain(v2, k2)]);
  });
});
