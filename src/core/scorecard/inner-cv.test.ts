import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/prng.js';
import type { FoldRule } from '../stats/rank-folds.js';
import { innerSplit, TUNING_ROWS, tuningRows, tuningSpace } from './inner-cv.js';

/** The tuning space's folds as they were made: dealt among every row, then renumbered. */
function dealtAmongAll(y: Uint8Array, rows: Int32Array, k: number, rule?: FoldRule) {
  const tuning = tuningRows(y, rows);
  const index = new Int32Array(y.length).fill(-1);
  tuning.forEach((i, r) => {
    index[i] = r;
  });
  return innerSplit(y, tuning, k, 3, undefined, rule).map((f) => ({
    train: Array.from(f.train, (i) => index[i]),
    test: Array.from(f.test, (i) => index[i]),
  }));
}

describe('tuningSpace', () => {
  it('deals the tuning rows into the folds they get among every row, shuffled or ranked', () => {
    const r = createRandom(4);
    const n = 2 * TUNING_ROWS + 3_000;
    const y = Uint8Array.from({ length: n }, () => (r.chance(0.3) ? 1 : 0));
    const rows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 !== 3);
    const small = rows.subarray(0, 5_000);
    const term = { columns: 1, codes: new Int32Array(n), chain: [] };
    for (const rule of [undefined, 'ranked'] as const)
      for (const [on, k] of [
        [rows, 2],
        [small, 3],
      ] as const) {
        const space = tuningSpace([term], y, on, {
          seed: 3,
          innerFolds: k,
          ...(rule ? { foldRule: rule } : {}),
        });
        const got = space.folds.map((f) => ({
          train: Array.from(f.train),
          test: Array.from(f.test),
        }));
        expect(got).toEqual(dealtAmongAll(y, on, k, rule));
      }
  });

  it('deals rows given out of order among every row, as before', () => {
    const r = createRandom(6);
    const y = Uint8Array.from({ length: 3_000 }, () => (r.chance(0.4) ? 1 : 0));
    const rows = Int32Array.from({ length: 2_000 }, (_, i) => 2_999 - i);
    const term = { columns: 1, codes: new Int32Array(3_000), chain: [] };
    const space = tuningSpace([term], y, rows, { seed: 3, innerFolds: 3 });
    const got = space.folds.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) }));
    expect(got).toEqual(dealtAmongAll(y, rows, 3));
  });
});
