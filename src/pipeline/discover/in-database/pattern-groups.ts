import { IcpError } from '../../../core/errors/icp-error.js';
import { unpackInto } from './packed-codes.js';

/** The rows rebuilt from their counts: each row's outcome and fine bin per attribute. */
export interface PatternRows {
  readonly target: Uint8Array;
  readonly codes: readonly Int32Array[];
}

/**
 * The (fine bins, outcome, phase) patterns, numbered in the order of their first rows (their
 * rank among all rows), in typed arrays: at 10,000,000 rows an object per pattern would pass
 * Node's heap. They come in one result or in several (`add`), each holding the rows of a range
 * of fold keys, the ranges in key order: a pattern met again in a later range adds its rows to
 * the one met first (`merge`), so the patterns are those of one result over all the rows.
 */
export class PatternGroups {
  /** Pattern g's fine bin of column j at g x columns + j. */
  codes: Int32Array;
  y: Uint8Array;
  /** Rows of each pattern not yet placed. */
  left: Float64Array;
  /** Each pattern's first row's rank in its class, in fold-key order. */
  classRank: Float64Array;
  size = 0;
  /** Rows of each class counted so far: the ranks the next range's rows start at. */
  readonly classRows = [0, 0];
  readonly columns: number;
  /** Open addressing on (codes, outcome, phase): pattern number + 1, 0 empty; only when merging. */
  private slots = new Int32Array(0);
  private readonly one: Int32Array;

  constructor(
    private readonly widths: readonly number[],
    private readonly period: number,
    private readonly merge: boolean,
  ) {
    this.columns = widths.length - 1;
    this.one = new Int32Array(widths.length);
    this.codes = new Int32Array(0);
    this.y = new Uint8Array(0);
    this.left = new Float64Array(0);
    this.classRank = new Float64Array(0);
  }

  /** The patterns one result sent (`k` packed codes and outcome, `n` rows, `r` first class rank). */
  add(found: readonly Record<string, unknown>[]): void {
    this.reserve(this.size + found.length);
    const { columns, one } = this;
    for (const r of found) {
      unpackInto(String(r.k), this.widths, one);
      const y = one[columns] as number;
      const n = Number(r.n);
      const rank = Number(r.r);
      this.classRows[y] = (this.classRows[y] as number) + n;
      const g = this.size;
      this.codes.set(one.subarray(0, columns), g * columns);
      this.y[g] = y;
      this.classRank[g] = rank;
      const met = this.merge ? this.find(g) : -1;
      if (met >= 0) this.left[met] = (this.left[met] as number) + n;
      else {
        this.left[g] = n;
        this.size++;
      }
    }
  }

  /** An earlier pattern with pattern g's codes, outcome and phase, or -1 (g then indexed). */
  private find(g: number): number {
    const mask = this.slots.length - 1;
    for (let s = this.hash(g) & mask; ; s = (s + 1) & mask) {
      const at = this.slots[s] as number;
      if (at === 0) {
        this.slots[s] = g + 1;
        return -1;
      }
      if (this.same(at - 1, g)) return at - 1;
    }
  }

  private hash(g: number): number {
    const { columns, codes } = this;
    let h = Math.imul((this.y[g] as number) + 1, 0x9e3779b1) ^ this.phase(g);
    for (let j = g * columns; j < (g + 1) * columns; j++)
      h = Math.imul(h ^ (codes[j] as number), 0x01000193);
    return (h ^ (h >>> 15)) >>> 0;
  }

  private same(a: number, b: number): boolean {
    if (this.y[a] !== this.y[b] || this.phase(a) !== this.phase(b)) return false;
    const { columns, codes } = this;
    for (let j = 0; j < columns; j++)
      if (codes[a * columns + j] !== codes[b * columns + j]) return false;
    return true;
  }

  private phase(g: number): number {
    return (this.classRank[g] as number) % this.period;
  }

  /** Room for `n` patterns (doubling), the index rebuilt when it grows. */
  private reserve(n: number): void {
    if (n > this.y.length) {
      const room = Math.max(n, 2 * this.y.length);
      this.codes = copied(this.codes, new Int32Array(room * this.columns));
      this.y = copied(this.y, new Uint8Array(room));
      this.left = copied(this.left, new Float64Array(room));
      this.classRank = copied(this.classRank, new Float64Array(room));
    }
    if (!this.merge || 2 * n <= this.slots.length) return;
    let size = 1;
    while (size < 2 * n) size *= 2;
    this.slots = new Int32Array(size);
    for (let g = 0; g < this.size; g++) this.find(g);
  }

  /** The rows rebuilt: each class's sequence (`classSequence`), the two merged (`mergeClasses`). */
  rows(classRows: readonly [number, number]): PatternRows {
    const order = mergeClasses(
      [0, 1].map((y) => this.classSequence(y, classRows[y] as number)),
      this.classRank,
    );
    const { codes: all, columns, y } = this;
    const target = Uint8Array.from(order, (g) => y[g] as number);
    const codes = Array.from({ length: columns }, (_, j) =>
      Int32Array.from(order, (g) => all[g * columns + j] as number),
    );
    return { target, codes };
  }

  /**
   * One class's rows in rank order, as pattern numbers: a pattern's first row at its rank, every
   * other rank taking a row of a pattern of its phase already met (any: a later rank can take
   * whatever an earlier one could, so no choice blocks another). The class's patterns come in
   * the order of their first rows, so their first ranks rise: one pointer walks them.
   */
  private classSequence(y: number, n: number): Int32Array {
    const { classRank, left, period } = this;
    const mine: number[] = [];
    for (let g = 0; g < this.size; g++) if (this.y[g] === y) mine.push(g);
    const met = Array.from({ length: period }, () => [] as number[]);
    const sequence = new Int32Array(n);
    let next = 0;
    for (let m = 0; m < n; m++) {
      const phase = met[m % period] as number[];
      let g = mine[next] as number;
      if (next < mine.length && classRank[g] === m) {
        next++;
        if ((left[g] as number) > 1) phase.push(g);
      } else {
        g = phase[phase.length - 1] ?? -1;
        if (g < 0)
          throw new IcpError('INTERNAL', `the pattern counts do not hold rank ${m} of class ${y}`);
        if (left[g] === 1) phase.pop();
      }
      left[g] = (left[g] as number) - 1;
      sequence[m] = g;
    }
    if (next < mine.length)
      throw new IcpError('INTERNAL', `the pattern counts of class ${y} are not in rank order`);
    return sequence;
  }
}

/** `to` holding `from` at its start. */
function copied<T extends Int32Array | Uint8Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * The two classes' sequences as one, each kept in order, the first rows of patterns in the
 * order of their ranks among all rows (a pattern's number; a row that is no pattern's first
 * goes just before the next first row of its class).
 */
function mergeClasses(sequences: readonly Int32Array[], classRank: Float64Array): Int32Array {
  const keyed = sequences.map((seq) => {
    const keys = new Float64Array(seq.length);
    let next = Number.POSITIVE_INFINITY;
    for (let m = seq.length - 1; m >= 0; m--) {
      const g = seq[m] as number;
      if (m === classRank[g]) next = g;
      keys[m] = next;
    }
    return keys;
  });
  const [a = new Int32Array(0), b = new Int32Array(0)] = sequences;
  const [ka = new Float64Array(0), kb = new Float64Array(0)] = keyed;
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  for (let o = 0; o < out.length; o++) {
    if (j >= b.length || (i < a.length && (ka[i] as number) <= (kb[j] as number)))
      out[o] = a[i++] as number;
    else out[o] = b[j++] as number;
  }
  return out;
}
