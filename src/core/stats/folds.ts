import { createRandom } from '../random/prng.js';

/**
 * Stratified k-fold assignment: positives and negatives are each shuffled (seeded) and dealt
 * round-robin, so every fold has the same class balance to within one row. Rows outside
 * `include` get fold -1.
 */
export function stratifiedFolds(
  y: Uint8Array,
  k: number,
  seed: number,
  include?: Uint8Array,
): Int32Array {
  const r = createRandom(seed);
  const fold = new Int32Array(y.length).fill(-1);
  for (const cls of [0, 1]) {
    // Typed arrays, not a pushed array: this runs on every row for each fold's selection.
    let count = 0;
    for (let i = 0; i < y.length; i++) if (y[i] === cls && (!include || include[i] === 1)) count++;
    const idx = new Int32Array(count);
    for (let i = 0, m = 0; i < y.length; i++)
      if (y[i] === cls && (!include || include[i] === 1)) idx[m++] = i;
    shuffleInts(idx, r.next);
    for (let m = 0; m < idx.length; m++) fold[idx[m] as number] = m % k;
  }
  return fold;
}

/** `shuffle` on a typed array: the same draws, the same permutation. */
function shuffleInts(xs: Int32Array, next: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = xs[i] as number;
    xs[i] = xs[j] as number;
    xs[j] = t;
  }
}

/**
 * Grouped k-fold assignment: every row of a group (the deals of one account) lands in the same
 * fold, so a model is never tested on an account it learned from. Groups are shuffled (seeded),
 * ordered by their share of positives and dealt round-robin, which keeps the class balance of
 * the folds close. Rows outside `include` get fold -1.
 */
export function groupedFolds(
  groups: Int32Array,
  y: Uint8Array,
  k: number,
  seed: number,
  include?: Uint8Array,
): Int32Array {
  const stats = new Map<number, { n: number; pos: number }>();
  for (let i = 0; i < groups.length; i++) {
    if (include && include[i] !== 1) continue;
    const g = groups[i] as number;
    const s = stats.get(g) ?? { n: 0, pos: 0 };
    s.n++;
    s.pos += y[i] as number;
    stats.set(g, s);
  }
  const ids = [...stats.keys()].sort((a, b) => a - b);
  shuffle(ids, createRandom(seed).next);
  const order = new Map(ids.map((g, m) => [g, m]));
  const share = (g: number) => {
    const s = stats.get(g) as { n: number; pos: number };
    return s.pos / s.n;
  };
  ids.sort((a, b) => share(a) - share(b) || (order.get(a) as number) - (order.get(b) as number));
  const foldOf = new Map(ids.map((g, m) => [g, m % k]));
  return Int32Array.from(groups, (g, i) =>
    include && include[i] !== 1 ? -1 : (foldOf.get(g) as number),
  );
}

function shuffle<T>(xs: T[], next: () => number): void {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
}

/** The indexes of the rows `where` holds, in order. */
export function rowsWhere(n: number, where: (i: number) => boolean): Int32Array {
  let count = 0;
  for (let i = 0; i < n; i++) if (where(i)) count++;
  const rows = new Int32Array(count);
  for (let i = 0, r = 0; i < n; i++) if (where(i)) rows[r++] = i;
  return rows;
}
