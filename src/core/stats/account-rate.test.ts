import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson.js';
import { accountRate } from './account-rate.js';

describe('accountRate', () => {
  // Ten deals: account "big" has rows 0-5 (5 won), "a" rows 6-7 (0 won), "b" rows 8-9 (1 won).
  const y = Uint8Array.from([1, 1, 1, 1, 1, 0, 0, 0, 1, 0]);
  const accounts = ['big', 'big', 'big', 'big', 'big', 'big', 'a', 'a', 'b', 'b'];
  const rows = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

  it('without accounts, is a Wilson interval over the rows', () => {
    expect(accountRate(rows, y, null)).toEqual({
      rate: 0.6,
      k: 6,
      n: 10,
      ...wilsonInterval(6, 10),
    });
  });

  it('over deals, takes the accounts as the independent units', () => {
    // Sandwich variance of the ratio estimator, three clusters: (3/2) x sum (k - 0.6 n)^2 / 10^2,
    // se 0.227; three accounts are three units, so t with 2 degrees of freedom (4.30): 0.6 +- 0.98.
    const ss = (5 - 0.6 * 6) ** 2 + (0 - 0.6 * 2) ** 2 + (1 - 0.6 * 2) ** 2;
    const se = Math.sqrt(1.5 * ss) / 10;
    const r = accountRate(rows, y, accounts);
    expect([r.rate, r.k, r.n]).toEqual([0.6, 6, 10]);
    expect(r.lo).toBe(Math.max(0, 0.6 - 4.302652729750784 * se));
    expect(r.hi).toBe(Math.min(1, 0.6 + 4.302652729750784 * se));
    expect([r.lo, r.hi]).toEqual([0, 1]);
    // Wider than the Wilson interval over the ten deals as if independent.
    expect(r.hi - r.lo).toBeGreaterThan(wilsonInterval(6, 10).hi - wilsonInterval(6, 10).lo);
  });

  it('gives one account with many deals the whole 0-1 range', () => {
    expect(accountRate([0, 1, 2, 3, 4, 5], y, accounts)).toEqual({
      rate: 5 / 6,
      k: 5,
      n: 6,
      lo: 0,
      hi: 1,
    });
  });
});
