import { describe, expect, it } from 'vitest';
import { termPenalty } from './term-penalty.js';

/** b'Pb for a k x k penalty. */
function quad(P: Float64Array, b: readonly number[]): number {
  const k = b.length;
  let s = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) s += (b[i] as number) * (P[i * k + j] as number) * (b[j] as number);
  return s;
}

// Six ranges of a number, a missing bin (column 6), ten rows each: the centring term is zero
// for effects whose row-weighted mean is zero.
const term = { columns: 7, codes: new Int32Array(0), chain: [0, 1, 2, 3, 4, 5], neutral: [6] };
const counts = new Float64Array(7).fill(10);
const ridgeOnly = { ridge: 6, smooth: 0 };

describe('termPenalty', () => {
  it("leaves a straight trend along a number's chain free of the ridge", () => {
    const P = termPenalty(term, counts, 70, ridgeOnly, 0.25);
    const line = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0];
    expect(quad(P, line)).toBeCloseTo(0, 10);
  });

  it('puts the ridge on what is not a line: a bend pays ridge x its squared length', () => {
    const P = termPenalty(term, counts, 70, ridgeOnly, 0.25);
    // (i - 2.5)^2 centred: orthogonal to the constant and to the line over the chain.
    const bend = [6.25, 2.25, 0.25, 0.25, 2.25, 6.25].map((v) => v - 17.5 / 6);
    const squared = bend.reduce((s, v) => s + v * v, 0);
    expect(quad(P, [...bend, 0])).toBeCloseTo(6 * squared, 9);
  });

  it('keeps the plain ridge on a chain of two ranges and on the missing bin', () => {
    const short = { columns: 3, codes: new Int32Array(0), chain: [0, 1], neutral: [2] };
    const P = termPenalty(short, new Float64Array([10, 10, 0]), 20, ridgeOnly, 0.25);
    // (1, -1, 0): the centring is zero, the ridge pays 6 x 2.
    expect(quad(P, [1, -1, 0])).toBeCloseTo(12, 10);
    // The missing bin: at least NEUTRAL_PRIOR_ROWS x information = 20 x 0.25 = 5, so the ridge 6.
    expect(P[2 * 3 + 2]).toBe(6);
  });
});
