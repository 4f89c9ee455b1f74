/**
 * The per-cluster sums of `clusterRate` over subsets of rows (a bin, a segment) without a map of
 * objects per subset: each cluster's positives and rows sit in typed arrays indexed by the
 * cluster, reused from one subset to the next (a stamp tells a cluster met in this subset from
 * one left by an earlier one), and the clusters are kept in the order the subset first meets
 * them, the order a `Map` would have. So the sums, and `clusterRateIn`'s result, are
 * `clusterRate`'s to the last bit. On a million deals over a million accounts the maps held a
 * million small objects per bin, which the garbage collector walked: time that grew faster than
 * the rows.
 *
 * @example
 *   const sums = new ClusterSums(groups);
 *   sums.start();
 *   for (const i of rows) sums.add(i, target[i], 1);
 *   clusterRateIn(sums);
 */
export class ClusterSums {
  /** The slot of each row's cluster. */
  private readonly slot: Int32Array;
  /** Each slot's positives and rows (valid for the slots in `order`). */
  readonly positives: Float64Array;
  readonly rows: Float64Array;
  private readonly stamp: Int32Array;
  /** The slots met in the current subset, in the order first met (the first `size`). */
  readonly order: Int32Array;
  private met = 0;
  private epoch = 0;

  constructor(groups: Int32Array) {
    this.slot = slots(groups);
    let size = 0;
    for (const s of this.slot) if (s >= size) size = s + 1;
    this.positives = new Float64Array(size);
    this.rows = new Float64Array(size);
    this.stamp = new Int32Array(size);
    this.order = new Int32Array(size);
  }

  /** Begins a new subset. */
  start(): void {
    this.epoch++;
    this.met = 0;
  }

  /** Adds row `i` with its positives and rows (1 and 0/1 for a row; a pattern's weight). */
  add(i: number, positives: number, rows: number): void {
    const s = this.slot[i] as number;
    if (this.stamp[s] !== this.epoch) {
      this.stamp[s] = this.epoch;
      this.positives[s] = 0;
      this.rows[s] = 0;
      this.order[this.met++] = s;
    }
    this.positives[s] = (this.positives[s] as number) + positives;
    this.rows[s] = (this.rows[s] as number) + rows;
  }

  /** How many clusters the current subset met. */
  get size(): number {
    return this.met;
  }

  /** Each cluster of the current subset, in the order met: its positives and rows. */
  forEach(visit: (positives: number, rows: number) => void): void {
    for (let j = 0; j < this.met; j++) {
      const s = this.order[j] as number;
      visit(this.positives[s] as number, this.rows[s] as number);
    }
  }
}

/**
 * Each row's cluster as a slot from 0: the cluster itself when the numbers are small (discovery
 * numbers accounts from 0), else numbered in the order first met.
 */
function slots(groups: Int32Array): Int32Array {
  let min = 0;
  let max = -1;
  for (const g of groups) {
    if (g < min) min = g;
    if (g > max) max = g;
  }
  if (min >= 0 && max < 2 * groups.length + 1024) return groups;
  const seen = new Map<number, number>();
  return groups.map((g) => {
    let s = seen.get(g);
    if (s === undefined) {
      s = seen.size;
      seen.set(g, s);
    }
    return s;
  });
}
