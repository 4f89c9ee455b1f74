import { describe, expect, it } from 'vitest';
import type { Bin, BinnedAttribute } from '../binning/types.js';
import { createRandom } from '../random/prng.js';
import { additiveLogit, fitAdditive, type Term } from './additive-fit.js';
import { createBackfit } from './backfit.js';
import { COLLAPSE_ROWS, distinctPatterns, patternsOf } from './distinct-patterns.js';
import { fitSpace, gather, rowPatterns } from './fit-space.js';
import { interactionSearch } from './interactions.js';

const range = (k: number): Bin[] =>
  Array.from({ length: k }, (_, b) => ({ kind: 'range', lo: b, hi: b + 1, label: `${b}` }));
const levels = (k: number): Bin[] =>
  Array.from({ length: k }, (_, b) => ({ kind: 'categories', values: [`v${b}`], label: `v${b}` }));

/** 400 distinct rows of three attributes, each repeated 1 to 8 times, with an interaction of a and b. */
function repeatedData() {
  const r = createRandom(5);
  const base = Array.from({ length: 400 }, () => [r.int(0, 4), r.int(0, 3), r.int(0, 2)]);
  const rows: number[][] = [];
  base.forEach((row) => {
    for (let k = r.int(1, 8); k > 0; k--) rows.push(row);
  });
  // Shuffled, so a pattern's rows are spread over the data.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [rows[i], rows[j]] = [rows[j] as number[], rows[i] as number[]];
  }
  const codes = [0, 1, 2].map((c) => Int32Array.from(rows, (row) => row[c] as number));
  const y = Uint8Array.from(rows, ([a, b, c]) =>
    r.chance(0.15 + 0.05 * (c as number) + (a === 4 && (b as number) >= 2 ? 0.5 : 0)) ? 1 : 0,
  );
  const attrs: BinnedAttribute[] = [
    { name: 'a', kind: 'numeric', bins: range(5), codes: codes[0] as Int32Array },
    { name: 'b', kind: 'numeric', bins: range(4), codes: codes[1] as Int32Array },
    { name: 'c', kind: 'categorical', bins: levels(3), codes: codes[2] as Int32Array },
  ];
  const terms: Term[] = attrs.map((a) => ({
    columns: a.bins.length,
    codes: a.codes,
    chain: a.kind === 'numeric' ? a.bins.map((_, b) => b) : [],
  }));
  return { attrs, terms, y };
}

describe('the fit on distinct patterns', () => {
  it('finds the patterns distinctPatterns finds on the design of the same rows', () => {
    const { terms, y } = repeatedData();
    const n = y.length;
    // Every other row, from the end: patterns come in the order of the rows given.
    const rows = Int32Array.from({ length: Math.ceil(n / 2) }, (_, k) => n - 1 - 2 * k);
    const patterns = rowPatterns(terms, y);
    const space = fitSpace(terms, y, rows, patterns);
    expect(space.size).toBe(rows.length);
    // Below COLLAPSE_ROWS, fitSpace keeps the rows: collapse by hand through distinctPatterns.
    expect(space.weights).toBeUndefined();
    const offsets = [0, 5, 9];
    const design = {
      rows: rows.length,
      columns: 12,
      blocks: terms.map((t, j) =>
        Int32Array.from(rows, (i) => (offsets[j] as number) + (t.codes[i] as number)),
      ),
    };
    const expected = distinctPatterns(
      design,
      Uint8Array.from(rows, (i) => y[i] as number),
    );
    const { first, weights } = patternsOf(patterns, rows);
    expect(first.length).toBe(expected.design.rows);
    expect([...weights]).toEqual([...(expected.design.weights as Float64Array)]);
    expect([...first].map((i) => y[i])).toEqual([...expected.y]);
    expect(
      terms.map((t, j) => [...first].map((i) => (offsets[j] as number) + (t.codes[i] as number))),
    ).toEqual(expected.design.blocks.map((b) => [...b]));
  });

  it('collapses from COLLAPSE_ROWS training rows on, counting the rows of each pattern', () => {
    const r = createRandom(9);
    const n = COLLAPSE_ROWS;
    const codes = Int32Array.from({ length: n }, () => r.int(0, 2));
    const y = Uint8Array.from({ length: n }, (_, i) =>
      (codes[i] as number) === 2 && i % 3 === 0 ? 1 : 0,
    );
    const terms: Term[] = [{ columns: 3, codes, chain: [] }];
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const space = fitSpace(terms, y, all);
    // Patterns (code, y): (c, 0) for each c, and (2, 1); in the order of their first row.
    const expected = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const key = `${codes[i]},${y[i]}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const seen = [...space.rows].map((r) => `${space.terms[0]?.codes[r]},${space.y[r]}`);
    expect(seen).toEqual([...expected.keys()]);
    expect([...(space.weights as Float64Array)]).toEqual([...expected.values()]);
    expect(space.size).toBe(n);
    expect(fitSpace(terms, y, all.subarray(0, n - 1)).weights).toBeUndefined();
  });

  it('searches interactions on weighted patterns as on the rows they stand for', () => {
    const { attrs, terms, y } = repeatedData();
    const n = y.length;
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const penalty = { ridge: 1, smooth: 3 };
    const fit = fitAdditive(terms, y, all, penalty);
    const options = { minCount: 30, ridge: 1, among: [0, 1, 2] };
    const onRows = () => {
      const eta = additiveLogit(terms, fit, n);
      const backfit = createBackfit(terms, y, all, penalty, fit.effects);
      const search = interactionSearch(attrs, y, all, eta, {
        ...options,
        adjust: (j, e) => backfit.step(j, e),
      });
      return [search.step(), search.step(), search.step()];
    };
    const { first, weights } = patternsOf(rowPatterns(terms, y), all);
    const pTerms = terms.map((t) => ({ ...t, codes: gather(t.codes, first) }));
    const pAttrs = attrs.map((a) => ({ ...a, codes: gather(a.codes, first) }));
    const pY = Uint8Array.from(first, (i) => y[i] as number);
    const pRows = Int32Array.from(first, (_, r) => r);
    const eta = additiveLogit(pTerms, fit, pY.length);
    const backfit = createBackfit(pTerms, pY, pRows, penalty, fit.effects, weights);
    const search = interactionSearch(pAttrs, pY, pRows, eta, {
      ...options,
      weights,
      adjust: (j, e) => backfit.step(j, e),
    });
    const onPatterns = [search.step(), search.step(), search.step()];
    const expected = onRows();
    expect(first.length).toBeLessThan(401);
    expect(onPatterns.filter((s) => s === undefined)).toEqual([]);
    expect(onPatterns.map((s) => s?.term)).toEqual(expected.map((s) => s?.term));
    expect(expected[0]?.term.conditions.map((x) => x.attribute)).toEqual([0, 1]);
    for (const [k, s] of onPatterns.entries())
      expect(Math.abs((s?.effect as number) - (expected[k]?.effect as number))).toBeLessThan(1e-9);
  });
});
