import { describe, expect, it } from 'vitest';
import { PatternGroups } from './pattern-groups.js';

/**
 * Four rows in fold-key order, one column (codes 0 and 1) and the outcome, period 2:
 * A (code 0, class 0, rank 0), B (code 0, class 1, rank 0), C (code 1, class 0, rank 1),
 * D (code 0, class 0, rank 2). A pattern's text is its code then its outcome.
 */
const widths = [1, 1];
const whole = [
  { k: '00', n: 2, r: 0 },
  { k: '01', n: 1, r: 0 },
  { k: '10', n: 1, r: 1 },
];
// The same rows as two ranges of keys, (A, B) then (C, D): D's pattern and phase is A's.
const ranges = [
  [
    { k: '00', n: 1, r: 0 },
    { k: '01', n: 1, r: 0 },
  ],
  [
    { k: '10', n: 1, r: 1 },
    { k: '00', n: 1, r: 2 },
  ],
];
const rebuilt = { target: Uint8Array.of(0, 1, 0, 0), codes: [Int32Array.of(0, 0, 1, 0)] };

describe('patterns sent in ranges of fold keys', () => {
  it('rebuilds the rows from one result', () => {
    const groups = new PatternGroups(widths, 2, false);
    groups.add(whole);
    expect(groups.size).toBe(3);
    expect(groups.rows([3, 1])).toEqual(rebuilt);
  });

  it('adds a pattern met again in a later range to the one met first: the same patterns and rows', () => {
    const groups = new PatternGroups(widths, 2, true);
    for (const found of ranges) groups.add(found);
    expect(groups.size).toBe(3);
    expect([...groups.left.subarray(0, 3)]).toEqual([2, 1, 1]);
    expect([...groups.classRank.subarray(0, 3)]).toEqual([0, 0, 1]);
    expect(groups.classRows).toEqual([3, 1]);
    expect(groups.rows([3, 1])).toEqual(rebuilt);
  });

  it('keeps a pattern of another phase apart', () => {
    const groups = new PatternGroups(widths, 2, true);
    groups.add([{ k: '00', n: 1, r: 0 }]);
    groups.add([{ k: '00', n: 1, r: 1 }]);
    expect(groups.size).toBe(2);
  });
});
