import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson.js';

const round4 = (x: { lo: number; hi: number }) => [
  Math.round(x.lo * 1e4) / 1e4,
  Math.round(x.hi * 1e4) / 1e4,
];

describe('wilsonInterval', () => {
  it('matches published values', () => {
    expect(round4(wilsonInterval(8, 10))).toEqual([0.4902, 0.9433]);
    expect(round4(wilsonInterval(0, 10))).toEqual([0, 0.2775]);
    expect(round4(wilsonInterval(50, 100))).toEqual([0.4038, 0.5962]);
  });
  it('is the whole range with no data', () => {
    expect(wilsonInterval(0, 0)).toEqual({ lo: 0, hi: 1 });
  });
});
