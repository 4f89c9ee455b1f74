import type { Bin, BinnedAttribute } from './types.js';

export interface NumericBinOptions {
  /** Most bins before merging (the missing bin not counted). */
  readonly maxBins?: number;
  /** Smallest bin, as a share of the non-missing rows. */
  readonly minBinShare?: number;
  /** With a target: merge neighbours until the positive rate only rises or only falls. */
  readonly monotonic?: 'auto' | 'ascending' | 'descending' | false;
}

/**
 * Quantile bins of a numeric column, ties kept together, small bins merged into a neighbour,
 * and (with a target) neighbours merged until the rate is monotone. Missing values (NaN) have
 * their own bin, which is always present (possibly empty) so scoring can place them.
 *
 * @example binNumeric('employees', Float64Array.from([5, 50, 500, NaN]), null, { maxBins: 2, minBinShare: 0 })
 */
export function binNumeric(
  name: string,
  values: Float64Array,
  target: Uint8Array | null,
  options: NumericBinOptions = {},
): BinnedAttribute {
  const { maxBins = 10, minBinShare = 0.05, monotonic = 'auto' } = options;
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  const n = present.length;
  let edges: number[] = [];
  const distinct = distinctUpTo(present, maxBins);
  if (distinct) {
    // Few distinct values (flags, counts, ratings): one bin per value, none lost to quantiles.
    edges = distinct.slice(1);
  } else {
    for (let k = 1; k < maxBins; k++) {
      const e = present[Math.floor((k * n) / maxBins)];
      if (e !== undefined && e > (present[0] as number) && e !== edges[edges.length - 1])
        edges.push(e);
    }
  }
  edges = mergeSmall(edges, present, Math.ceil(minBinShare * n));
  if (target && monotonic !== false && edges.length > 0)
    edges = makeMonotone(edges, values, target, monotonic);
  const bins = rangeBins(edges);
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = assignNumericBin(bins, values[i] as number);
  return { name, kind: 'numeric', bins, codes };
}

/** The distinct values of a sorted array when there are at most `max`, else undefined. */
function distinctUpTo(sorted: Float64Array, max: number): number[] | undefined {
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    if (i === 0 || v !== sorted[i - 1]) {
      out.push(v);
      if (out.length > max) return undefined;
    }
  }
  return out;
}

/** The bin of a value: NaN to the missing bin, anything else to the range holding it. */
export function assignNumericBin(bins: readonly Bin[], value: number): number {
  const last = bins.length - 1;
  if (Number.isNaN(value)) return last;
  // Range bins come first, in order; the last one is the missing bin.
  let lo = 0;
  let hi = last - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const b = bins[mid] as Extract<Bin, { kind: 'range' }>;
    if (value >= b.lo) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function rangeBins(edges: readonly number[]): Bin[] {
  const bounds = [Number.NEGATIVE_INFINITY, ...edges, Number.POSITIVE_INFINITY];
  const years = yearLike(edges);
  const bins: Bin[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = bounds[i] as number;
    const hi = bounds[i + 1] as number;
    const label = rangeLabel(lo, hi, years);
    bins.push({ kind: 'range', lo, hi, label });
  }
  bins.push({ kind: 'missing', label: 'missing' });
  return bins;
}

/**
 * "< 200", "200 – 1,000", "≥ 1,000" or "any": how a numeric range reads. Years read without a
 * thousands separator ("2003 – 2008").
 */
export function rangeLabel(lo: number, hi: number, years = false): string {
  const f = (x: number) => (years ? String(x) : formatNumber(x));
  if (lo === Number.NEGATIVE_INFINITY && hi === Number.POSITIVE_INFINITY) return 'any';
  if (lo === Number.NEGATIVE_INFINITY) return `< ${f(hi)}`;
  if (hi === Number.POSITIVE_INFINITY) return `≥ ${f(lo)}`;
  return `${f(lo)} – ${f(hi)}`;
}

/** The finite lower edges of an attribute's range bins. */
export function rangeEdges(bins: readonly Bin[]): number[] {
  return bins.flatMap((b) => (b.kind === 'range' && Number.isFinite(b.lo) ? [b.lo] : []));
}

/** Edges that are all whole numbers from 1900 to 2100: the bins of a year, such as a founding year. */
export function yearLike(edges: readonly number[]): boolean {
  return edges.length > 0 && edges.every((e) => Number.isInteger(e) && e >= 1900 && e <= 2100);
}

/**
 * The bins `from` to `to` of an attribute as one bin: itself when single, else the numeric
 * range they cover together.
 */
export function spanBin(bins: readonly Bin[], from: number, to: number): Bin {
  const first = bins[from] as Bin;
  const last = bins[to] as Bin;
  if (from === to) return first;
  if (first.kind !== 'range' || last.kind !== 'range')
    throw new RangeError('only numeric ranges span bins');
  const edges = rangeEdges(bins);
  return {
    kind: 'range',
    lo: first.lo,
    hi: last.hi,
    label: rangeLabel(first.lo, last.hi, yearLike(edges)),
  };
}

/** A bin edge as people write it: "1,000", "0.25". */
export function formatNumber(x: number): string {
  return Math.abs(x) >= 10_000 || Number.isInteger(x)
    ? x.toLocaleString('en-US', { maximumFractionDigits: 2 })
    : String(Math.round(x * 100) / 100);
}

/** Removes the edge beside any bin smaller than `min` rows, merging it into its smaller neighbour. */
function mergeSmall(edges: number[], sorted: Float64Array, min: number): number[] {
  const out = [...edges];
  for (;;) {
    const sizes = binSizes(out, sorted);
    let worst = -1;
    for (let i = 0; i < sizes.length; i++)
      if (
        (sizes[i] as number) < min &&
        (worst < 0 || (sizes[i] as number) < (sizes[worst] as number))
      )
        worst = i;
    if (worst < 0 || out.length === 0) return out;
    const left = worst > 0 ? (sizes[worst - 1] as number) : Number.POSITIVE_INFINITY;
    const right =
      worst < sizes.length - 1 ? (sizes[worst + 1] as number) : Number.POSITIVE_INFINITY;
    out.splice(left <= right ? worst - 1 : worst, 1);
  }
}

function binSizes(edges: readonly number[], sorted: Float64Array): number[] {
  const sizes: number[] = [];
  let start = 0;
  for (const e of edges) {
    const end = lowerBound(sorted, e);
    sizes.push(end - start);
    start = end;
  }
  sizes.push(sorted.length - start);
  return sizes;
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Merges neighbouring bins whose rates break the chosen direction until none do. */
function makeMonotone(
  edges: number[],
  values: Float64Array,
  target: Uint8Array,
  monotonic: 'auto' | 'ascending' | 'descending',
): number[] {
  const out = [...edges];
  const stats = () => {
    const bins = rangeBins(out);
    const n = new Float64Array(out.length + 1);
    const pos = new Float64Array(out.length + 1);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (Number.isNaN(v)) continue;
      const b = assignNumericBin(bins, v);
      n[b] = (n[b] as number) + 1;
      pos[b] = (pos[b] as number) + (target[i] as number);
    }
    return Array.from(n, (c, i) => (c > 0 ? (pos[i] as number) / c : 0));
  };
  let rates = stats();
  const ascending =
    monotonic === 'auto'
      ? (rates[rates.length - 1] as number) >= (rates[0] as number)
      : monotonic === 'ascending';
  for (;;) {
    let broken = -1;
    for (let i = 0; i + 1 < rates.length; i++) {
      const a = rates[i] as number;
      const b = rates[i + 1] as number;
      if (ascending ? b < a : b > a) {
        broken = i;
        break;
      }
    }
    if (broken < 0 || out.length === 0) return out;
    out.splice(broken, 1);
    rates = stats();
  }
}
