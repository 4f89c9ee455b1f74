import { describe, expect, it } from 'vitest';
import { binCategorical } from '../binning/bin-categorical.js';
import { createRandom } from '../random/prng.js';
import { beamSearch } from './beam-search.js';

function world(seed: number, planted: boolean) {
  const r = createRandom(seed);
  const n = 4000;
  const a: string[] = [];
  const b: string[] = [];
  const c: string[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a.push(r.pick(['a1', 'a2', 'a3', 'a4']));
    b.push(r.pick(['b1', 'b2', 'b3']));
    c.push(r.pick(['c1', 'c2']));
    const inSegment = a[i] === 'a2' && b[i] === 'b3';
    y[i] = r.chance(planted && inSegment ? 0.6 : 0.2) ? 1 : 0;
  }
  const attrs = [
    binCategorical('A', a, null, { minCount: 1 }),
    binCategorical('B', b, null, { minCount: 1 }),
    binCategorical('C', c, null, { minCount: 1 }),
  ];
  return { attrs, y };
}

describe('beamSearch', () => {
  it('finds a planted two-condition segment first', () => {
    const { attrs, y } = world(1, true);
    const found = beamSearch(attrs, y, { maxDepth: 3 });
    const top = found[0]!;
    const labels = top.conditions.map(
      (c) => `${attrs[c.attribute]!.name}=${attrs[c.attribute]!.bins[c.from]!.label}`,
    );
    expect(labels).toEqual(['A=a2', 'B=b3']);
    expect(top.significant).toBe(true);
    expect(top.rate).toBeGreaterThan(0.5);
    expect(top.qValue).toBeLessThan(1e-6);
  });

  it('reports nothing significant on random data, whatever the seed', () => {
    for (const seed of [2, 3, 4, 5, 6]) {
      const { attrs, y } = world(seed, false);
      expect(beamSearch(attrs, y, { maxDepth: 3 })).toEqual([]);
    }
  });

  it('finds where the target is rare with direction low', () => {
    const { attrs, y } = world(7, true);
    const inverted = y.map((v) => 1 - v);
    const low = beamSearch(attrs, Uint8Array.from(inverted), { direction: 'low' });
    expect(low[0]!.conditions.map((c) => attrs[c.attribute]!.bins[c.from]!.label)).toEqual([
      'a2',
      'b3',
    ]);
  });
});

describe('beamSearch with clustered rows', () => {
  it('needs more evidence when rows are overdispersed: the same data tests weaker', () => {
    const { attrs, y } = world(8, true);
    const plain = beamSearch(attrs, y, { maxDepth: 2 })[0]!;
    const clustered = beamSearch(attrs, y, { maxDepth: 2, dispersion: 4 })[0]!;
    expect(clustered.count).toBe(plain.count);
    expect(clustered.pValue).toBeGreaterThan(plain.pValue * 1e6);
  });
});

describe('beamSearch and nested ranges', () => {
  it('keeps one of several nested ranges of the same attribute, not near-copies of it', async () => {
    const { binNumeric } = await import('../binning/bin-numeric.js');
    const r = createRandom(12);
    const n = 5000;
    const size = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      size[i] = Math.round(Math.exp(2 + r.next() * 6));
      y[i] = r.chance(size[i]! < 60 ? 0.7 : 0.2) ? 1 : 0;
    }
    const attrs = [binNumeric('Employees', size, y, { monotonic: false })];
    const found = beamSearch(attrs, y, { maxDepth: 1 });
    expect(found.length).toBeGreaterThan(0);
    const cover = (s: (typeof found)[number]) => {
      const c = s.conditions[0]!;
      return new Set(
        [...attrs[0]!.codes.keys()].filter(
          (i) => attrs[0]!.codes[i]! >= c.from && attrs[0]!.codes[i]! <= c.to,
        ),
      );
    };
    for (let a = 0; a < found.length; a++) {
      for (let b = a + 1; b < found.length; b++) {
        const x = cover(found[a]!);
        const z = cover(found[b]!);
        const both = [...x].filter((i) => z.has(i)).length;
        expect(both / (x.size + z.size - both)).toBeLessThan(0.5);
      }
    }
  });
});

describe('beamSearch, segments and their rows', () => {
  it('keeps one segment for one set of rows, however many ways there are to say it', () => {
    const { attrs, y } = world(1, true);
    // A copy of A under another name covers exactly the same rows as A in every bin.
    const copy = { ...attrs[0]!, name: 'A copy' };
    const found = beamSearch([...attrs, copy], y, { maxDepth: 2 });
    const rows = (s: (typeof found)[number]) => {
      const out: number[] = [];
      for (let i = 0; i < y.length; i++)
        if (
          s.conditions.every((c) => {
            const code = [...attrs, copy][c.attribute]!.codes[i] as number;
            return code >= c.from && code <= c.to;
          })
        )
          out.push(i);
      return out.join(',');
    };
    const keys = found.map(rows);
    expect(new Set(keys).size).toBe(keys.length);
    expect(found.length).toBeGreaterThan(0);
  });

  it('gives a segment the interval of its accounts when rows are grouped into accounts', () => {
    const { attrs, y } = world(1, true);
    const independent = beamSearch(attrs, y, { maxDepth: 2 })[0]!;
    // Every row of one account (groups of 40 rows): far fewer independent units.
    const groups = Int32Array.from(y, (_, i) => Math.floor(i / 40));
    const grouped = beamSearch(attrs, y, { maxDepth: 2, groups })[0]!;
    expect(grouped.conditions).toEqual(independent.conditions);
    expect(grouped.rate).toBe(independent.rate);
    expect(grouped.interval.hi - grouped.interval.lo).toBeGreaterThan(
      independent.interval.hi - independent.interval.lo,
    );
  });
});

describe('beamSearch and an attribute merged into one bin', () => {
  it('never names "any" (every number) as a condition: it would only say the value is filled in', () => {
    const r = createRandom(4);
    const n = 3000;
    const a: string[] = [];
    const y = new Uint8Array(n);
    const revenue = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a.push(r.pick(['a1', 'a2']));
      revenue[i] = r.chance(0.3) ? Number.NaN : r.next();
      y[i] = r.chance(a[i] === 'a1' && !Number.isNaN(revenue[i]!) ? 0.5 : 0.2) ? 1 : 0;
    }
    const any = {
      name: 'Revenue',
      kind: 'numeric' as const,
      bins: [
        { kind: 'range' as const, lo: -Infinity, hi: Infinity, label: 'any' },
        { kind: 'missing' as const, label: 'missing' },
      ],
      codes: Int32Array.from(revenue, (v) => (Number.isNaN(v) ? 1 : 0)),
    };
    const found = beamSearch([binCategorical('A', a, null, { minCount: 1 }), any], y, {
      maxDepth: 2,
    });
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((s) => s.conditions.some((c) => c.attribute === 1))).toBe(false);
  });
});
