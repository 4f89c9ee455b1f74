import { describe, expect, it } from 'vitest';
import { type ConditionRows, keepDistinct } from './distinct-segments.js';
import { rowBits } from './row-bits.js';
import type { Segment, SegmentCondition } from './segment.js';

// Eight rows. A=0 covers rows 0-3, A in bins 0-1 rows 0-4, B=1 rows 0, 1, 4, 5, and C=2 the
// same rows as A=0 under another name.
const rows = (...covered: number[]) => rowBits(8, (i) => covered.includes(i));
const A0 = { attribute: 0, from: 0, to: 0 };
const A01 = { attribute: 0, from: 0, to: 1 };
const B1 = { attribute: 1, from: 1, to: 1 };
const C2 = { attribute: 2, from: 2, to: 2 };
const single: ConditionRows[] = [
  { condition: A0, bits: rows(0, 1, 2, 3) },
  { condition: A01, bits: rows(0, 1, 2, 3, 4) },
  { condition: B1, bits: rows(0, 1, 4, 5) },
  { condition: C2, bits: rows(0, 1, 2, 3) },
];
const yBits = rows(0, 1, 2);

function segment(conditions: SegmentCondition[], rate: number, lo: number, hi: number): Segment {
  return {
    conditions,
    count: 0,
    share: 0,
    positives: 0,
    rate,
    interval: { lo, hi },
    lift: 0,
    quality: 0,
    pValue: 0,
    qValue: 0,
    significant: true,
  };
}
const names = (kept: readonly Segment[]) =>
  kept.map((s) => s.conditions.map((c) => `${c.attribute}:${c.from}-${c.to}`).join('&'));
const high = { direction: 'high' as const, topK: 20, groups: undefined };

describe('keepDistinct', () => {
  it('drops a refinement inside its general segment interval and keeps one beyond it', () => {
    const general = segment([A0], 0.5, 0.4, 0.6);
    const weak = segment([A0, B1], 0.6, 0.3, 0.9);
    const strong = segment([A0, B1], 0.61, 0.3, 0.9);
    expect(names(keepDistinct([general, weak], single, yBits, high))).toEqual(['0:0-0']);
    expect(names(keepDistinct([general, strong], single, yBits, high))).toEqual([
      '0:0-0',
      '0:0-0&1:1-1',
    ]);
  });

  it('for direction low, a refinement must fall below the general segment interval', () => {
    const low = { ...high, direction: 'low' as const };
    const general = segment([A0], 0.2, 0.1, 0.3);
    expect(
      names(keepDistinct([general, segment([A0, B1], 0.1, 0, 1)], single, yBits, low)),
    ).toEqual(['0:0-0']);
    expect(
      names(keepDistinct([general, segment([A0, B1], 0.09, 0, 1)], single, yBits, low)),
    ).toEqual(['0:0-0', '0:0-0&1:1-1']);
  });

  it('drops a near-copy over the same attribute and the same rows under another name', () => {
    const kept = keepDistinct(
      [
        segment([A0], 0.5, 0.4, 0.6),
        segment([A01], 0.5, 0, 1),
        segment([C2], 0.5, 0, 1),
        segment([B1], 0.5, 0, 1),
      ],
      single,
      yBits,
      high,
    );
    expect(names(kept)).toEqual(['0:0-0', '1:1-1']);
  });

  it('drops a narrower range inside a kept one unless it beats it beyond its interval', () => {
    // Attribute 3: bins 0-3 cover all eight rows, bin 2 rows 2-3 and bin 1 row 1 (Jaccard with
    // the wide range 0.25 and 0.125: no near-copies), as "Seats 41-67" inside "Seats >= 28".
    const D03 = { attribute: 3, from: 0, to: 3 };
    const D2 = { attribute: 3, from: 2, to: 2 };
    const D1 = { attribute: 3, from: 1, to: 1 };
    const withD: ConditionRows[] = [
      ...single,
      { condition: D03, bits: rows(0, 1, 2, 3, 4, 5, 6, 7) },
      { condition: D2, bits: rows(2, 3) },
      { condition: D1, bits: rows(1) },
    ];
    const ranked = [
      segment([D03], 0.5, 0.4, 0.6),
      segment([D2], 0.55, 0.2, 0.9),
      segment([D1], 0.7, 0.1, 1),
      segment([A0], 0.5, 0.4, 0.6),
    ];
    expect(names(keepDistinct(ranked, withD, yBits, high))).toEqual(['3:0-3', '3:1-1', '0:0-0']);
  });

  it('keeps at most topK', () => {
    const ranked = [segment([A0], 0.5, 0.4, 0.6), segment([B1], 0.5, 0, 1)];
    expect(names(keepDistinct(ranked, single, yBits, { ...high, topK: 1 }))).toEqual(['0:0-0']);
  });
});
