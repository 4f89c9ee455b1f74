import { describe, expect, it } from 'vitest';
import type { BinnedAttribute } from '../binning/types.js';
import { createRandom } from '../random/prng.js';
import { beamSearch, type Segment } from './beam-search.js';
import { searchUnits } from './search-units.js';

/**
 * Awkward data for the segment search's counting: 300 distinct rows each repeated 1 to 9 times
 * and shuffled (many rows share a pattern, counts tie), a numeric attribute with an empty range
 * bin, a categorical one whose "other" bin is empty, a copy of the first attribute under another
 * name (the same rows in other words), and accounts whose rows are spread over the file.
 */
function awkward(seed: number) {
  const r = createRandom(seed);
  const base: { a: number; b: number; c: number; y: number }[] = [];
  for (let i = 0; i < 300; i++) {
    const a = r.pick([0, 0, 1, 3, 4, 5]); // bin 2 empty, 5 missing
    const b = r.pick([0, 1, 1, 2, 3, 5]); // bin 4 ("other") empty, 5 missing
    const c = r.int(0, 2);
    const planted = a === 1 && b === 1;
    base.push({ a, b, c, y: r.chance(planted ? 0.7 : a === 4 ? 0.1 : 0.25) ? 1 : 0 });
  }
  const rows = base.flatMap((row) => Array.from({ length: r.int(1, 9) }, () => row));
  for (let i = rows.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const range = (lo: number, hi: number) => ({ kind: 'range' as const, lo, hi, label: `${lo}` });
  const numeric = (name: string, codes: Int32Array): BinnedAttribute => ({
    name,
    kind: 'numeric',
    bins: [
      range(-Infinity, 1),
      range(1, 2),
      range(2, 3),
      range(3, 4),
      range(4, Infinity),
      { kind: 'missing', label: 'missing' },
    ],
    codes,
  });
  const a = Int32Array.from(rows, (x) => x.a);
  const attrs: BinnedAttribute[] = [
    numeric('A', a),
    {
      name: 'B',
      kind: 'categorical',
      bins: [
        ...['b0', 'b1', 'b2', 'b3'].map((v) => ({
          kind: 'categories' as const,
          values: [v],
          label: v,
        })),
        { kind: 'other', label: 'other' },
        { kind: 'missing', label: 'missing' },
      ],
      codes: Int32Array.from(rows, (x) => x.b),
    },
    {
      name: 'C',
      kind: 'categorical',
      bins: ['c0', 'c1', 'c2'].map((v) => ({ kind: 'categories', values: [v], label: v })),
      codes: Int32Array.from(rows, (x) => x.c),
    },
    numeric('A again', Int32Array.from(a)),
  ];
  const y = Uint8Array.from(rows, (x) => x.y);
  // Accounts of 1 to 12 rows, their rows far apart in the file.
  const groups = Int32Array.from(rows, (_, i) => (i * 7919) % Math.ceil(rows.length / 6));
  return { attrs, y, groups };
}

/** A segment in one line, every number in full. */
const line = (s: Segment) =>
  `${s.conditions.map((c) => `${c.attribute}:${c.from}-${c.to}`).join('&')} n=${s.count} k=${s.positives} p=${s.pValue} q=${s.qValue} [${s.interval.lo}, ${s.interval.hi}] ${s.quality}`;

describe('beamSearch counting on rows that share patterns', () => {
  const { attrs, y, groups } = awkward(11);

  it('finds the segments it found when it counted row by row', () => {
    expect(y.length).toMatchInlineSnapshot(`1543`);
    expect(beamSearch(attrs, y, { minCount: 20, collapse: true }).map(line)).toMatchInlineSnapshot(`
      [
        "0:0-3&3:1-4 n=564 k=215 p=9.789597356439231e-10 q=1.4870864555733879e-8 [0.34205394138289597, 0.42196469811853426] 0.04316149407207261",
        "0:0-3 n=1031 k=330 p=0.00004657666932061351 q=0.00019549944096415407 [0.2923147354659656, 0.3491762418835583] 0.03805533236253117",
        "0:1-1 n=278 k=114 p=1.1742888556151952e-7 q=6.140953195758153e-7 [0.35386297978369174, 0.4687323182636062] 0.02647542956315163",
        "0:0-3&1:1-1&3:1-4 n=182 k=88 p=2.043597183433533e-10 q=3.4310921132384056e-9 [0.41200906529053993, 0.5557053508678642] 0.02599576873627853",
        "0:1-4&1:1-1 n=268 k=108 p=6.752096266189111e-7 q=0.000003263513195324737 [0.34603201264175315, 0.4626800203734203] 0.024292174766228348",
        "0:1-1&1:1-1 n=96 k=62 p=4.587265517262073e-15 q=9.755584666710676e-14 [0.5462430234225731, 0.7342015967856051] 0.02381083386640648",
        "0:0-3&2:2-2 n=301 k=114 p=0.000013775826150257067 q=0.00006368823973814499 [0.3257916949607461, 0.43473956518212653] 0.02255329926425405",
        "0:0-3&2:2-2&3:1-4 n=169 k=79 p=1.2518188585246627e-8 q=1.377000744377129e-7 [0.3937926651489367, 0.5425651967028811] 0.022379831732293815",
        "0:0-1&3:0-1 n=745 k=229 p=0.0068190934390369145 q=0.014599267161428025 [0.27530831880629797, 0.34143298655361193] 0.02136926785361021",
        "0:0-3&1:1-1 n=298 k=107 p=0.00028058094005033754 q=0.000972883911696279 [0.3067052397258868, 0.41500296984813545] 0.018528264497244467",
        "1:1-1 n=439 k=144 p=0.002818371385958111 q=0.007750521311384806 [0.285757446985072, 0.37326273508613805] 0.018463161670479733",
        "0:3-3 n=286 k=101 p=0.0007641170671739126 q=0.002278068639518487 [0.30003526287947346, 0.4101511254247432] 0.016686064508920972",
        "2:2-2&3:0-1 n=223 k=84 p=0.0002401451561966365 q=0.0008607449980531129 [0.31567900111305813, 0.44186091118544935] 0.01641179260003469",
        "1:1-1&3:0-1 n=212 k=81 p=0.00016474524857545695 q=0.0006331775216333827 [0.31931819845408105, 0.4490302908806928] 0.01634332962737242",
        "0:1-1&2:2-2 n=91 k=49 p=2.861866473936455e-8 q=2.0748531936039298e-7 [0.43656172336109367, 0.6372456609520694] 0.016238325068074454",
        "0:0-3&1:2-2 n=266 k=94 p=0.0013035649216565216 q=0.0037128322322181285 [0.29839766525535155, 0.41254371365325454] 0.015559995615009599",
        "1:2-2&2:1-1 n=132 k=56 p=0.00006409627686408059 q=0.0002655417184369053 [0.34324610863638255, 0.5095234348179523] 0.01378331847168804",
        "0:1-4&1:2-2&3:0-3 n=145 k=59 p=0.0002040004930545432 q=0.0007656018504046974 [0.3303417502897674, 0.4882571789741127] 0.013510726635750522",
        "1:1-1&2:2-2&3:1-1 n=51 k=34 p=1.913133591588881e-9 q=2.6534331118124043e-8 [0.529683778569708, 0.7803006814641148] 0.013338099140264669",
        "0:1-4&2:0-0&3:0-3 n=198 k=70 p=0.004699526711357699 q=0.010942693583380335 [0.29031142657399184, 0.42233432847118796] 0.011601743747713524",
      ]
    `);
  });

  it('gives accounts spread over the file the intervals it gave them row by row', () => {
    expect(
      beamSearch(attrs, y, { minCount: 20, groups, collapse: true }).map(line),
    ).toMatchInlineSnapshot(`
      [
        "0:0-3&3:1-4 n=564 k=215 p=9.789597356439231e-10 q=1.4870864555733879e-8 [0.34091941422138455, 0.421491933296346] 0.04316149407207261",
        "0:0-3 n=1031 k=330 p=0.00004657666932061351 q=0.00019549944096415407 [0.29146599140225005, 0.34868919773451035] 0.03805533236253117",
        "0:1-1 n=278 k=114 p=1.1742888556151952e-7 q=6.140953195758153e-7 [0.3518379718614238, 0.46830591303066255] 0.02647542956315163",
        "0:0-3&1:1-1&3:1-4 n=182 k=88 p=2.043597183433533e-10 q=3.4310921132384056e-9 [0.4071713032352875, 0.5598616637976795] 0.02599576873627853",
        "0:1-4&1:1-1 n=268 k=108 p=6.752096266189111e-7 q=0.000003263513195324737 [0.34249988990504476, 0.4634702593486866] 0.024292174766228348",
        "0:1-1&1:1-1 n=96 k=62 p=4.587265517262073e-15 q=9.755584666710676e-14 [0.5451194022175334, 0.7465472644491333] 0.02381083386640648",
        "0:0-3&2:2-2 n=301 k=114 p=0.000013775826150257067 q=0.00006368823973814499 [0.32358171942886016, 0.4338933636276182] 0.02255329926425405",
        "0:0-3&2:2-2&3:1-4 n=169 k=79 p=1.2518188585246627e-8 q=1.377000744377129e-7 [0.3914594277576919, 0.5434518148458584] 0.022379831732293815",
        "0:0-1&3:0-1 n=745 k=229 p=0.0068190934390369145 q=0.014599267161428025 [0.2740893612266207, 0.3406757394445203] 0.02136926785361021",
        "0:0-3&1:1-1 n=298 k=107 p=0.00028058094005033754 q=0.000972883911696279 [0.30195527832110486, 0.4161655270480226] 0.018528264497244467",
        "1:1-1 n=439 k=144 p=0.002818371385958111 q=0.007750521311384806 [0.2838756518576711, 0.3721607946115772] 0.018463161670479733",
        "0:3-3 n=286 k=101 p=0.0007641170671739126 q=0.002278068639518487 [0.2942834201239164, 0.41201028616978985] 0.016686064508920972",
        "2:2-2&3:0-1 n=223 k=84 p=0.0002401451561966365 q=0.0008607449980531129 [0.31218717182123845, 0.44117605687831307] 0.01641179260003469",
        "1:1-1&3:0-1 n=212 k=81 p=0.00016474524857545695 q=0.0006331775216333827 [0.31598482149745805, 0.4481661218987684] 0.01634332962737242",
        "0:1-1&2:2-2 n=91 k=49 p=2.861866473936455e-8 q=2.0748531936039298e-7 [0.4341358215986649, 0.642787255324412] 0.016238325068074454",
        "0:0-3&1:2-2 n=266 k=94 p=0.0013035649216565216 q=0.0037128322322181285 [0.29358289871058946, 0.4131840185826436] 0.015559995615009599",
        "1:2-2&2:1-1 n=132 k=56 p=0.00006409627686408059 q=0.0002655417184369053 [0.33894770019176773, 0.5095371482930808] 0.01378331847168804",
        "0:1-4&1:2-2&3:0-3 n=145 k=59 p=0.0002040004930545432 q=0.0007656018504046974 [0.32157547290619665, 0.4922176305420792] 0.013510726635750522",
        "1:1-1&2:2-2&3:1-1 n=51 k=34 p=1.913133591588881e-9 q=2.6534331118124043e-8 [0.5296365836099627, 0.8036967497233706] 0.013338099140264669",
        "0:1-4&2:0-0&3:0-3 n=198 k=70 p=0.004699526711357699 q=0.010942693583380335 [0.2863526302302616, 0.4207180768404455] 0.011601743747713524",
      ]
    `);
  });

  it('finds the same low segments, with the missing bins and clustered counts', () => {
    const found = beamSearch(attrs, y, {
      minCount: 20,
      direction: 'low',
      useMissing: true,
      dispersion: 2.5,
      collapse: true,
    });
    expect(found.map(line)).toMatchInlineSnapshot(`
      [
        "0:1-4&3:4-4 n=264 k=30 p=0.00023121903377712507 q=0.003558204019792425 [0.08076798237188462, 0.15758742049139146] 0.025576590535561054",
        "0:1-4&2:2-2&3:4-4 n=90 k=0 p=0.00002856937270435323 q=0.0008793018043450938 [0, 0.04093562556432678] 0.015347466386990524",
        "0:1-4&1:5-5&3:4-4 n=65 k=0 p=0.0005226333665306633 q=0.004992049742379094 [0, 0.05580153132285689] 0.011084281279493156",
        "0:5-5&1:3-3 n=61 k=0 p=0.0008651944857436841 q=0.007489339767218765 [0, 0.05924386789811283] 0.010402171662293578",
        "0:1-4&1:2-2&3:4-4 n=58 k=0 p=0.0013938540746990214 q=0.009417014114429974 [0, 0.062117855787202914] 0.009890589449393892",
      ]
    `);
  });

  it('finds exactly the same segments on patterns as on rows, whatever the options', () => {
    const settings = [
      { minCount: 20 },
      { minCount: 20, groups },
      { minCount: 5, direction: 'low' as const, useMissing: true, dispersion: 2.5 },
      { minCount: 1, minSupport: 0, maxDepth: 2, topK: 50, groups },
    ];
    for (const options of settings) {
      const rows = beamSearch(attrs, y, { ...options, collapse: false });
      expect(rows.length).toBeGreaterThan(0);
      expect(beamSearch(attrs, y, { ...options, collapse: true })).toEqual(rows);
    }
  });
});

describe('searchUnits', () => {
  it('counts on patterns when rows repeat eight times or more, else on rows', () => {
    const { attrs, y, groups } = awkward(11);
    // 1,543 rows on few patterns of bins and outcome: patterns, weighted by their rows.
    const units = searchUnits(attrs, y, undefined);
    expect(units.size).toMatchInlineSnapshot(`113`);
    expect(units.weights!.reduce((a, b) => a + b, 0)).toBe(1543);
    // Accounts split patterns: each (pattern, account) is a unit of its own, too many here.
    expect(searchUnits(attrs, y, groups, true).size).toMatchInlineSnapshot(`1507`);
    expect(searchUnits(attrs, y, groups).weights).toBeUndefined();
    expect(searchUnits(attrs, y, undefined, false).size).toBe(1543);
  });
});
