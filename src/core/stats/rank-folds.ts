import { stratifiedFolds } from './folds.js';

/**
 * How rows are dealt into cross-validation folds. `shuffled` (the default): each class's rows
 * shuffled (seeded) in row order, then dealt round-robin (`stratifiedFolds`). `ranked`: each
 * class's rows dealt round-robin in row order, no shuffle; the caller orders the rows by a
 * seeded hash of a key, so a database computes the same folds with a window function (fold =
 * rank within the class mod k) and discovery can run on its aggregates (docs/discovery.md,
 * "Discovery inside a database").
 */
export type FoldRule = 'shuffled' | 'ranked';

/**
 * Stratified folds by rank: the m-th row of a class (among `include`, in row order) goes to fold
 * m mod k, so every fold has the same class balance to within one row. Rows outside `include`
 * get fold -1.
 *
 * @example rankFolds(Uint8Array.from([1, 0, 1, 1, 0]), 2) // => Int32Array [0, 0, 1, 0, 1]
 */
export function rankFolds(y: Uint8Array, k: number, include?: Uint8Array): Int32Array {
  const fold = new Int32Array(y.length).fill(-1);
  const seen = [0, 0];
  for (let i = 0; i < y.length; i++) {
    if (include && include[i] !== 1) continue;
    const cls = y[i] as number;
    fold[i] = (seen[cls] as number) % k;
    seen[cls] = (seen[cls] as number) + 1;
  }
  return fold;
}

/** Stratified folds by `rule` (`stratifiedFolds` or `rankFolds`). */
export function foldsBy(
  rule: FoldRule | undefined,
  y: Uint8Array,
  k: number,
  seed: number,
  include?: Uint8Array,
): Int32Array {
  return rule === 'ranked' ? rankFolds(y, k, include) : stratifiedFolds(y, k, seed, include);
}
