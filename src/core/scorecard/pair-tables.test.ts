import { describe, expect, it } from 'vitest';
import type { Bin, BinnedAttribute } from '../binning/types.js';
import { createRandom } from '../random/prng.js';
import {
  groupCells,
  pairCandidates,
  pairCells,
  pairTable,
  type ScanGroups,
  scanGroups,
  sumByGroup,
} from './pair-tables.js';

const bins = (k: number): Bin[] =>
  Array.from({ length: k }, (_, b) => ({ kind: 'categories', values: [`v${b}`], label: `v${b}` }));

/** Three attributes of 4, 3 and 5 bins (-1: none) over `n` rows, and a fourth nearly unique. */
function data(n: number) {
  const r = createRandom(9);
  const attr = (name: string, k: number, none: boolean): BinnedAttribute => ({
    name,
    kind: 'categorical',
    bins: bins(k),
    codes: Int32Array.from({ length: n }, () => (none && r.chance(0.1) ? -1 : r.int(0, k - 1))),
  });
  const attrs = [
    attr('a', 4, true),
    attr('b', 3, false),
    attr('c', 5, true),
    attr('d', 900, false),
  ];
  const residual = Float64Array.from({ length: n }, () => r.next() - 0.3);
  const variance = Float64Array.from({ length: n }, () => 0.25 * r.next());
  const weights = Float64Array.from({ length: n }, () => r.int(1, 6));
  return { attrs, residual, variance, weights };
}

describe('pair tables on groups of scanned rows', () => {
  it('give every cell the counts of the rows and their sums to rounding', () => {
    const n = 3_000;
    const { attrs, residual, variance, weights } = data(n);
    // Every other row is scanned, in an order that is not the rows'.
    const scan = Int32Array.from({ length: n / 2 }, (_, r) => (r * 7) % n);
    const at = (values: Float64Array) => Float64Array.from(scan, (i) => values[i] as number);
    const groups = scanGroups(attrs, [0, 1, 2], scan, weights) as ScanGroups;
    expect(groups.first.length).toBe(new Set([...scan].map((i) => key(attrs, i))).size);
    expect(groups.weights.reduce((s, w) => s + w, 0)).toBe(
      scan.reduce((s, i) => s + (weights[i] as number), 0),
    );
    const summed = {
      r: new Float64Array(groups.first.length),
      v: new Float64Array(groups.first.length),
    };
    sumByGroup(groups, at(residual), at(variance), summed.r, summed.v);
    const onGroups = groupCells(attrs, groups, 3);
    const onRows = pairCells(attrs, scan, 3, weights);
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ] as const) {
      const kb = (attrs[b] as BinnedAttribute).bins.length;
      const grouped = pairTable(onGroups(a, b), kb, summed.r, summed.v);
      const rows = pairTable(onRows(a, b), kb, at(residual), at(variance));
      expect([...grouped.count]).toEqual([...rows.count]);
      for (let x = 0; x < rows.residual.length; x++) {
        expect(
          Math.abs((grouped.residual[x] as number) - (rows.residual[x] as number)),
        ).toBeLessThan(1e-9);
        expect(
          Math.abs((grouped.variance[x] as number) - (rows.variance[x] as number)),
        ).toBeLessThan(1e-9);
      }
    }
  });

  it('are not grouped when the groups are more than half the rows', () => {
    const { attrs } = data(2_000);
    const scan = Int32Array.from({ length: 2_000 }, (_, i) => i);
    expect(scanGroups(attrs, [0, 3], scan)).toBeUndefined();
    expect(scanGroups(attrs, [0, 1], scan)?.first.length).toBe(5 * 3);
  });
});

function key(attrs: readonly BinnedAttribute[], i: number): string {
  return [0, 1, 2].map((j) => (attrs[j] as BinnedAttribute).codes[i]).join(',');
}

describe('pairCandidates', () => {
  it('lists the rectangles whose rows pass the bounds, with the corners pairTable sums', () => {
    const n = 2_000;
    const { attrs, residual, variance, weights } = data(n);
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const cells = pairCells(attrs, rows, 1, weights)(0, 2);
    const table = pairTable(cells, 5, residual, variance);
    const spansA: [number, number][] = [
      [0, 0],
      [0, 2],
      [1, 3],
      [3, 3],
    ];
    const spansB: [number, number][] = [
      [0, 4],
      [1, 1],
      [2, 3],
      [4, 4],
    ];
    const total = table.sum(table.count, 0, 3, 0, 4);
    const minCount = 300;
    const expected: number[][] = [];
    spansA.forEach(([a0, a1], sa) => {
      spansB.forEach(([b0, b1], sb) => {
        const rowsIn = table.sum(table.count, a0, a1, b0, b1);
        if (rowsIn < minCount || rowsIn > total - minCount) return;
        expected.push([sa, sb, table.sum(table.residual, a0, a1, b0, b1)]);
      });
    });
    const list = pairCandidates(cells.count, 5, spansA, spansB, minCount, total);
    const got: number[][] = [];
    for (let c = 0; c < list.length; c += 6) {
      const [c11, c01, c10, c00, sa, sb] = Array.from(list.subarray(c, c + 6));
      const R = table.residual;
      got.push([
        sa as number,
        sb as number,
        (R[c11 as number] as number) -
          (R[c01 as number] as number) -
          (R[c10 as number] as number) +
          (R[c00 as number] as number),
      ]);
    }
    expect(expected.length).toBeGreaterThan(2);
    expect(expected.length).toBeLessThan(spansA.length * spansB.length);
    expect(got).toEqual(expected);
  });
});
