import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/prng.js';
import { fitPenalizedLogistic } from '../stats/penalized-logistic.js';
import { fitAdditive, type Term } from './additive-fit.js';
import { COLLAPSE_ROWS, distinctPatterns } from './distinct-patterns.js';

describe('distinctPatterns', () => {
  it('collapses rows with the same columns and outcome, in the order of their first row', () => {
    const design = {
      rows: 6,
      columns: 4,
      blocks: [Int32Array.from([0, 1, 0, 0, 1, -1]), Int32Array.from([2, 3, 2, 2, 3, 3])],
    };
    const y = Uint8Array.from([1, 0, 1, 0, 0, 1]);
    const collapsed = distinctPatterns(design, y);
    expect(collapsed.design.rows).toBe(4);
    expect([...(collapsed.design.blocks[0] as Int32Array)]).toEqual([0, 1, 0, -1]);
    expect([...(collapsed.design.blocks[1] as Int32Array)]).toEqual([2, 3, 2, 3]);
    expect([...(collapsed.design.weights as Float64Array)]).toEqual([2, 2, 1, 1]);
    expect([...collapsed.y]).toEqual([1, 0, 0, 1]);
  });

  it('finds the same patterns as string keys when the keys outgrow a dense table', () => {
    const r = createRandom(7);
    const n = 3000;
    // Three blocks of 400 columns each: (pattern, column) pairs far outnumber the rows.
    const blocks = [0, 400, 800].map((o) =>
      Int32Array.from({ length: n }, () => (r.chance(0.1) ? -1 : o + r.int(0, 4) * 99)),
    );
    const y = Uint8Array.from({ length: n }, () => (r.chance(0.3) ? 1 : 0));
    const collapsed = distinctPatterns({ rows: n, columns: 1200, blocks }, y);
    const seen = new Map<string, { first: number; weight: number }>();
    for (let i = 0; i < n; i++) {
      const key = `${blocks.map((b) => b[i]).join(',')}|${y[i]}`;
      const known = seen.get(key);
      if (known) known.weight++;
      else seen.set(key, { first: i, weight: 1 });
    }
    const expected = [...seen.values()];
    expect(collapsed.design.rows).toBe(expected.length);
    expect([...(collapsed.design.weights as Float64Array)]).toEqual(expected.map((e) => e.weight));
    expect([...collapsed.y]).toEqual(expected.map((e) => y[e.first]));
    expect(collapsed.design.blocks.map((b) => [...b])).toEqual(
      blocks.map((b) => expected.map((e) => b[e.first])),
    );
  });

  it('gives the fit of the rows it stands for (to summation order)', () => {
    const r = createRandom(11);
    const n = 5000;
    const blocks = [
      Int32Array.from({ length: n }, () => r.int(-1, 4)),
      Int32Array.from({ length: n }, () => r.int(5, 9)),
    ];
    const y = Uint8Array.from({ length: n }, (_, i) =>
      r.chance(0.15 + 0.1 * Math.max(blocks[0]?.[i] as number, 0) * 0.2) ? 1 : 0,
    );
    const design = { rows: n, columns: 10, blocks };
    const penalty = new Float64Array(100);
    for (let j = 0; j < 10; j++) penalty[j * 10 + j] = 1.5;
    const rows = fitPenalizedLogistic(design, y, { penalty, tol: 1e-12 });
    const collapsed = distinctPatterns(design, y);
    expect(collapsed.design.rows).toBeLessThan(70);
    const patterns = fitPenalizedLogistic(collapsed.design, collapsed.y, { penalty, tol: 1e-12 });
    expect(Math.abs(patterns.intercept - rows.intercept)).toBeLessThan(1e-9);
    for (let j = 0; j < 10; j++)
      expect(Math.abs((patterns.coef[j] as number) - (rows.coef[j] as number))).toBeLessThan(1e-9);
  });

  it('is how fitAdditive fits from COLLAPSE_ROWS rows on: counts and information as on rows', () => {
    const r = createRandom(3);
    const n = COLLAPSE_ROWS + 10;
    const term: Term = {
      columns: 6,
      codes: Int32Array.from({ length: n }, () => r.int(0, 5)),
      chain: [0, 1, 2, 3, 4],
      neutral: [5],
    };
    const y = Uint8Array.from({ length: n }, (_, i) =>
      r.chance(0.1 + 0.05 * (term.codes[i] as number)) ? 1 : 0,
    );
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const fit = fitAdditive([term], y, all, { ridge: 1, smooth: 3 });
    const below = fitAdditive([term], y, all.subarray(0, COLLAPSE_ROWS - 1), {
      ridge: 1,
      smooth: 3,
    });
    // The rows each bin holds, counted on rows; the information sums p(1 - p) over them.
    const counts = new Float64Array(6);
    for (const c of term.codes) counts[c] = (counts[c] as number) + 1;
    expect([...(fit.counts[0] as Float64Array)]).toEqual([...counts]);
    expect(fit.raw.converged).toBe(true);
    const effects = fit.effects[0] as Float64Array;
    const information = fit.information[0] as Float64Array;
    for (let c = 0; c < 6; c++) {
      const mu = 1 / (1 + Math.exp(-(fit.intercept + (effects[c] as number))));
      expect(
        Math.abs((information[c] as number) - (counts[c] as number) * mu * (1 - mu)),
      ).toBeLessThan(1e-6);
      // One row fewer than COLLAPSE_ROWS (fitted on rows) gives almost the same effects.
      expect(
        Math.abs((effects[c] as number) - ((below.effects[0] as Float64Array)[c] as number)),
      ).toBeLessThan(0.01);
    }
  });
});
