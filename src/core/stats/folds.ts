import { createRandom } from '../random/prng.js';

/**
 * Stratified k-fold assignment: positives and negatives are each shuffled (seeded) and dealt
 * round-robin, so every fold has the same class balance to within one row.
 */
export function stratifiedFolds(y: Uint8Array, k: number, seed: number): Int32Array {
  const r = createRandom(seed);
  const fold = new Int32Array(y.length);
  for (const cls of [0, 1]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) idx.push(i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(r.next() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    idx.forEach((row, m) => {
      fold[row] = m % k;
    });
  }
  return fold;
}
