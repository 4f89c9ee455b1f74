import { describe, expect, it } from 'vitest';
import { compareRatios, mentionRatio, raisingShare, type ThemeGroupSums } from './theme-stats.js';

/** Sums over accounts given as [observed, expected]. */
function sums(accounts: readonly (readonly [number, number])[]): ThemeGroupSums {
  let o = 0;
  let e = 0;
  let oo = 0;
  let oe = 0;
  let ee = 0;
  for (const [x, y] of accounts) {
    o += x;
    e += y;
    oo += x * x;
    oe += x * y;
    ee += y * y;
  }
  return {
    accounts: accounts.length,
    raising: accounts.filter(([x]) => x > 0).length,
    clusters: accounts.filter(([, y]) => y > 0).length,
    o,
    e,
    oo,
    oe,
    ee,
  };
}

describe('theme statistics', () => {
  it('gives the ratio of observed to expected mentions with the sandwich interval', () => {
    const g = sums([
      [2, 1],
      [0, 1],
      [4, 2],
      [0, 0.5],
    ]);
    const r = mentionRatio(g)!;
    expect(r.ratio).toBeCloseTo(6 / 4.5, 12);
    // Residuals o - r e: 2 - 4/3, -4/3, 4 - 8/3, -2/3; sum of squares 32/9 + ... over (4.5)^2 x 4/3
    // (0.2926), just below the count's Poisson variance 6 / 4.5^2 (0.2963), which it is raised to.
    const ss = (2 / 3) ** 2 + (4 / 3) ** 2 + (4 / 3) ** 2 + (2 / 3) ** 2;
    expect(((4 / 3) * ss) / 4.5 ** 2).toBeLessThan(6 / 4.5 ** 2);
    expect(r.se).toBeCloseTo(Math.sqrt(6) / 4.5, 12);
    // Four accounts: Student's t with 3 degrees of freedom (3.18).
    expect(r.hi).toBeCloseTo(r.ratio + 3.182446305284263 * r.se, 9);
    expect(r.lo).toBe(0);
  });

  it('counts an account that writes about a subject a hundred times as one unit', () => {
    const spread = sums(Array.from({ length: 100 }, () => [1, 0.5] as const));
    const one = sums([[100, 1], ...Array.from({ length: 99 }, () => [0, 0.5] as const)]);
    expect(mentionRatio(spread)!.ratio).toBeCloseTo(mentionRatio(one)!.ratio, 1);
    // Every account at the same ratio: the sandwich says 0; the count's Poisson error sqrt(100) / 50.
    expect(mentionRatio(spread)!.se).toBeCloseTo(0.2, 12);
    expect(mentionRatio(one)!.se).toBeGreaterThan(0.9);
  });

  it('bounds a group that never mentions the theme by the exact Poisson limit, not 0 to 0', () => {
    // 40 accounts expecting 0.05 mentions each: 2 expected, none seen.
    const none = mentionRatio(sums(Array.from({ length: 40 }, () => [0, 0.05] as const)))!;
    expect(none.ratio).toBe(0);
    expect(none.lo).toBe(0);
    expect(none.hi).toBeCloseTo(-Math.log(0.025) / 2, 12);
    expect(none.se).toBeCloseTo(-Math.log(0.025) / 2 / 1.959963984540054, 12);
    // Against a group at 1.5 (se 0.3), the zero is no longer certain: z = 1.5 / sqrt(0.3^2 + se^2).
    const p = compareRatios(none, { ratio: 1.5, lo: 0.91, hi: 2.09, se: 0.3 });
    expect(p).toBeCloseTo(0.12885, 4);
    expect(
      compareRatios({ ...none, se: 0 }, { ratio: 1.5, lo: 0.91, hi: 2.09, se: 0.3 }),
    ).toBeLessThan(0.0001);
  });

  it('shares raising accounts with a Wilson interval, and tests two ratios', () => {
    expect(
      raisingShare(
        sums([
          [1, 1],
          [0, 1],
          [0, 1],
          [3, 1],
        ]),
      ),
    ).toEqual({
      rate: 0.5,
      n: 4,
      lo: 0.15003898915214947,
      hi: 0.8499610108478506,
    });
    const same = mentionRatio(
      sums([
        [1, 1],
        [2, 1],
        [0, 1],
        [1, 1],
      ]),
    );
    expect(compareRatios(same, same)).toBe(1);
    expect(compareRatios(same, null)).toBe(1);
    const high = mentionRatio(
      sums(Array.from({ length: 50 }, (_, i) => [i % 2 === 0 ? 3 : 2, 1] as const)),
    );
    const low = mentionRatio(
      sums(Array.from({ length: 50 }, (_, i) => [i % 5 === 0 ? 1 : 0, 1] as const)),
    );
    expect(compareRatios(high, low)).toBeLessThan(1e-10);
  });
});
