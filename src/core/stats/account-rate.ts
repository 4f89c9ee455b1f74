import { clusterRate } from './cluster-rate.js';
import { wilsonInterval } from './wilson.js';
import type { CountedRate } from './rate.js';

/** A rate with its 95% interval: positives k of n units. */
export type RateCI = CountedRate;

/**
 * The rate of `y` over `rows` with its 95% interval. With `accounts` (the units are deals),
 * the accounts are the independent units: deals of one account are alike, so a Wilson interval
 * over deals would be too narrow. Without, a Wilson interval over the rows.
 *
 * @example accountRate([0, 1, 2], y, ['a', 'a', 'b'])
 */
export function accountRate(
  rows: readonly number[],
  y: Uint8Array,
  accounts: readonly (string | null)[] | null,
): RateCI {
  let k = 0;
  for (const i of rows) k += y[i] as number;
  const n = rows.length;
  if (!accounts) return { rate: n > 0 ? k / n : 0, k, n, ...wilsonInterval(k, n) };
  const byAccount = new Map<string, { positives: number; n: number }>();
  for (const i of rows) {
    const id = accounts[i] ?? `~row ${i}`;
    const c = byAccount.get(id) ?? { positives: 0, n: 0 };
    c.n += 1;
    c.positives += y[i] as number;
    byAccount.set(id, c);
  }
  const r = clusterRate([...byAccount.values()]);
  return r ? { rate: r.rate, k, n, lo: r.lo, hi: r.hi } : { rate: 0, k, n, lo: 0, hi: 1 };
}
