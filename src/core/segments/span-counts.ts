import type { ConditionRows } from './distinct-segments.js';
import { countBoth } from './row-bits.js';
import type { SearchUnits } from './search-units.js';

/**
 * A beam segment's rows counted by bin: its units (rows or patterns) are visited once and each
 * attribute's rows and positives summed per bin, so that every candidate "the segment, and
 * attribute a in bins from to to" is two differences of running sums. Counting each candidate on
 * bitsets instead passed over every word of the rows once per condition, and a number in 40 fine
 * bins has over a hundred conditions. The sums are of integer weights, so exact in any order.
 */
export class SpanCounts {
  private readonly offsets: Int32Array;
  private readonly rows: Float64Array;
  private readonly positives: Float64Array;
  private units = new Int32Array(0);
  /** The rows, and the positive rows, of each listed unit. */
  private weight = new Float64Array(0);
  private positive = new Float64Array(0);

  /**
   * `codes[a][u]`: the bin of attribute a of unit u, of `widths[a]` bins (a code outside them
   * is in no condition and counted nowhere).
   */
  constructor(
    private readonly codes: readonly ArrayLike<number>[],
    private readonly widths: readonly number[],
  ) {
    this.offsets = new Int32Array(widths.length + 1);
    widths.forEach((w, a) => {
      // One slot before each attribute's bins: the running sum up to its first bin, 0.
      this.offsets[a + 1] = (this.offsets[a] as number) + w + 1;
    });
    const total = this.offsets[widths.length] as number;
    this.rows = new Float64Array(total);
    this.positives = new Float64Array(total);
  }

  /**
   * Counts the units in `bits` (every one of `size` units when null) for the attributes where
   * `wanted[a]` is true; unit u stands for `weights[u]` rows (1 without weights), and is
   * positive when its bit in `yBits` is set.
   */
  fill(
    bits: Uint32Array | null,
    size: number,
    yBits: Uint32Array,
    weights: Int32Array | undefined,
    wanted: readonly boolean[],
  ): void {
    const listed = this.list(bits, size, yBits, weights);
    const { units, weight, positive, rows, positives } = this;
    rows.fill(0);
    positives.fill(0);
    for (let a = 0; a < this.widths.length; a++) {
      if (!wanted[a]) continue;
      const codes = this.codes[a] as ArrayLike<number>;
      const width = this.widths[a] as number;
      const at = (this.offsets[a] as number) + 1;
      for (let k = 0; k < listed; k++) {
        const c = codes[units[k] as number] as number;
        if (!(c >= 0 && c < width)) continue;
        rows[at + c] = (rows[at + c] as number) + (weight[k] as number);
        positives[at + c] = (positives[at + c] as number) + (positive[k] as number);
      }
      for (let b = at; b < at + width; b++) {
        rows[b] = (rows[b] as number) + (rows[b - 1] as number);
        positives[b] = (positives[b] as number) + (positives[b - 1] as number);
      }
    }
  }

  /** The rows and positives of the filled units whose attribute `a` falls in bins from to to. */
  span(a: number, from: number, to: number): { count: number; positives: number } {
    const lo = (this.offsets[a] as number) + from;
    const hi = (this.offsets[a] as number) + to + 1;
    return {
      count: (this.rows[hi] as number) - (this.rows[lo] as number),
      positives: (this.positives[hi] as number) - (this.positives[lo] as number),
    };
  }

  /**
   * Lists the units of `bits` (or all `size`) into `units`, lowest first, with each one's rows
   * in `weight` and its positive rows in `positive`; returns how many.
   */
  private list(
    bits: Uint32Array | null,
    size: number,
    yBits: Uint32Array,
    weights: Int32Array | undefined,
  ): number {
    if (this.units.length < size) {
      this.units = new Int32Array(size);
      this.weight = new Float64Array(size);
      this.positive = new Float64Array(size);
    }
    const { units, weight, positive } = this;
    let k = 0;
    if (!bits) for (let u = 0; u < size; u++) units[k++] = u;
    else
      for (let word = 0; word < bits.length; word++)
        for (let m = bits[word] as number; m !== 0; m &= m - 1)
          units[k++] = (word << 5) + 31 - Math.clz32(m & -m);
    for (let j = 0; j < k; j++) {
      const u = units[j] as number;
      const w = weights ? (weights[u] as number) : 1;
      weight[j] = w;
      positive[j] = ((yBits[u >>> 5] as number) & (1 << (u & 31))) !== 0 ? w : 0;
    }
    return k;
  }
}

/**
 * The counts of one beam segment's candidates, each attribute's the cheaper way: by bin when
 * the segment's units are fewer than the words its conditions' bitsets would pass over (a number
 * in fine bins), else an AND and popcount per condition (a category of four bins on many rows).
 * Both count the same units, so the figures are the same either way.
 */
export class CandidateCounts {
  private readonly bins: SpanCounts;
  /** The conditions on each attribute. */
  private readonly spans: Int32Array;
  private byBins: boolean[] = [];
  private parent: Uint32Array | null = null;

  constructor(
    single: readonly ConditionRows[],
    private readonly units: SearchUnits,
    widths: readonly number[],
  ) {
    this.bins = new SpanCounts(units.codes, widths);
    this.spans = new Int32Array(widths.length);
    for (const s of single)
      this.spans[s.condition.attribute] = (this.spans[s.condition.attribute] as number) + 1;
  }

  /** Readies the counts of the candidates that extend `parent` (all units when null) on the attributes in `free`. */
  start(parent: Uint32Array | null, free: readonly boolean[]): void {
    const { size, yBits, weights } = this.units;
    const words = Math.ceil(size / 32);
    const listed = parent ? countBoth(parent, parent, parent, undefined).count : size;
    this.parent = parent;
    this.byBins = free.map((f, a) => f && listed < (this.spans[a] as number) * words);
    if (this.byBins.some(Boolean)) this.bins.fill(parent, size, yBits, weights, this.byBins);
  }

  /** The rows and positives of the started segment and condition `s`. */
  count(s: ConditionRows): { count: number; positives: number } {
    const { attribute, from, to } = s.condition;
    if (this.byBins[attribute]) return this.bins.span(attribute, from, to);
    return countBoth(this.parent ?? s.bits, s.bits, this.units.yBits, this.units.weights);
  }
}
