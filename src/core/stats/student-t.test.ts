import { describe, expect, it } from 'vitest';
import { betaI, studentT95 } from './student-t.js';

describe('studentT95', () => {
  it("gives the tables' two-sided 95% critical values", () => {
    // R: qt(0.975, df) for df = 1, 2, 4, 9, 30, 1e6.
    const table: [number, number][] = [
      [1, 12.706204736174707],
      [2, 4.302652729749464],
      [4, 2.7764451051977934],
      [9, 2.262157162798205],
      [30, 2.0422724563012373],
      [1e6, 1.959966356814107],
    ];
    for (const [df, t] of table) expect(studentT95(df)).toBeCloseTo(t, 9);
  });
  it('refuses fewer than one degree of freedom', () => {
    expect(() => studentT95(0)).toThrow('df must be at least 1, got 0');
  });
});

describe('betaI', () => {
  it('is the regularized incomplete beta function', () => {
    // I_0.5(2, 3) = 11/16; I_x(1, 1) = x; the ends.
    expect(betaI(0.5, 2, 3)).toBeCloseTo(11 / 16, 14);
    expect(betaI(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect([betaI(0, 2, 3), betaI(1, 2, 3)]).toEqual([0, 1]);
  });
});
