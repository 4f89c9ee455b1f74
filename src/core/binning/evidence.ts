import { clusterRateIn } from '../stats/cluster-rate.js';
import { ClusterSums } from '../stats/cluster-sums.js';
import { wilsonInterval } from '../stats/wilson.js';
import type { BinnedAttribute } from './types.js';

export interface EvidenceRow {
  readonly label: string;
  readonly count: number;
  readonly positives: number;
  readonly rate: number;
  readonly interval: { lo: number; hi: number };
  /** rate / base rate. */
  readonly lift: number;
  /** ln(share of positives / share of negatives), each cell smoothed by 0.5. */
  readonly woe: number;
  readonly iv: number;
}

export interface EvidenceTable {
  readonly attribute: string;
  readonly kind: BinnedAttribute['kind'];
  readonly rows: readonly EvidenceRow[];
  /** Information value: the sum over bins. */
  readonly iv: number;
  readonly totalCount: number;
  readonly totalPositives: number;
  readonly baseRate: number;
}

/**
 * The evidence table of one binned attribute against a 0/1 target, restricted to the rows
 * where `include` is 1 (all rows when omitted). With `groups` (rows of one account share a
 * group: deals), each bin's interval treats the accounts as the independent units, so a bin
 * that is one account with a hundred deals is not "clearly" anything.
 *
 * @example evidenceTable(binned, target).iv
 */
export function evidenceTable(
  attr: BinnedAttribute,
  target: Uint8Array,
  include?: Uint8Array,
  groups?: Int32Array,
): EvidenceTable {
  const counts = binCounts(attr.codes, attr.bins.length, target, include);
  const intervals = groups ? clusteredIntervals(attr, target, groups, include) : undefined;
  return countedEvidence(attr, counts, intervals);
}

/** Rows and positives per bin: all an evidence table needs besides grouped intervals. */
export interface BinCounts {
  readonly rows: Float64Array;
  readonly positives: Float64Array;
}

/** The rows and positives of each of `k` bins, over the rows where `include` is 1 (all when omitted). */
export function binCounts(
  codes: Int32Array,
  k: number,
  target?: Uint8Array,
  include?: Uint8Array,
): BinCounts {
  const rows = new Float64Array(k);
  const positives = new Float64Array(k);
  for (let i = 0; i < codes.length; i++) {
    if (include && include[i] === 0) continue;
    const b = codes[i] as number;
    rows[b] = (rows[b] as number) + 1;
    if (target) positives[b] = (positives[b] as number) + (target[i] as number);
  }
  return { rows, positives };
}

/** Counts of fine bins summed into the `k` bins that `into` sends each to (whole numbers: exact in any order). */
export function pooledCounts(counts: BinCounts, into: ArrayLike<number>, k: number): BinCounts {
  const rows = new Float64Array(k);
  const positives = new Float64Array(k);
  for (let b = 0; b < counts.rows.length; b++) {
    const to = into[b] as number;
    rows[to] = (rows[to] as number) + (counts.rows[b] as number);
    positives[to] = (positives[to] as number) + (counts.positives[b] as number);
  }
  return { rows, positives };
}

/**
 * `evidenceTable` from each bin's rows and positives; each bin's interval from `intervals`
 * when given (over accounts), else Wilson's.
 */
export function countedEvidence(
  attr: Pick<BinnedAttribute, 'name' | 'kind' | 'bins'>,
  counts: BinCounts,
  intervals?: readonly { lo: number; hi: number }[],
): EvidenceTable {
  const k = attr.bins.length;
  const n = counts.rows;
  const pos = counts.positives;
  let total = 0;
  let totalPos = 0;
  for (let b = 0; b < k; b++) {
    total += n[b] as number;
    totalPos += pos[b] as number;
  }
  const totalNeg = total - totalPos;
  const base = total > 0 ? totalPos / total : 0;
  let iv = 0;
  const rows = attr.bins.map((bin, b) => {
    const count = n[b] as number;
    const positives = pos[b] as number;
    const negatives = count - positives;
    const sharePos = (positives + 0.5) / (totalPos + 0.5 * k);
    const shareNeg = (negatives + 0.5) / (totalNeg + 0.5 * k);
    const woe = Math.log(sharePos / shareNeg);
    const binIv = count > 0 ? (sharePos - shareNeg) * woe : 0;
    iv += binIv;
    const rate = count > 0 ? positives / count : 0;
    return {
      label: bin.label,
      count,
      positives,
      rate,
      interval: intervals
        ? (intervals[b] as { lo: number; hi: number })
        : wilsonInterval(positives, count),
      lift: base > 0 ? rate / base : 0,
      woe: count > 0 ? woe : 0,
      iv: binIv,
    };
  });
  return {
    attribute: attr.name,
    kind: attr.kind,
    rows,
    iv,
    totalCount: total,
    totalPositives: totalPos,
    baseRate: base,
  };
}

/**
 * Each bin's 95% interval with the groups (accounts) as the independent units: the rows sorted
 * by bin (stably, so each bin meets its groups in row order, as a map per bin did) and summed
 * per group in typed arrays (`ClusterSums`).
 */
function clusteredIntervals(
  attr: BinnedAttribute,
  target: Uint8Array,
  groups: Int32Array,
  include?: Uint8Array,
): { lo: number; hi: number }[] {
  const k = attr.bins.length;
  const start = new Int32Array(k + 1);
  for (let i = 0; i < attr.codes.length; i++) {
    if (include && include[i] === 0) continue;
    const b = (attr.codes[i] as number) + 1;
    start[b] = (start[b] as number) + 1;
  }
  for (let b = 0; b < k; b++) start[b + 1] = (start[b + 1] as number) + (start[b] as number);
  const next = start.slice(0, k);
  const byBin = new Int32Array(start[k] as number);
  for (let i = 0; i < attr.codes.length; i++) {
    if (include && include[i] === 0) continue;
    const b = attr.codes[i] as number;
    byBin[next[b] as number] = i;
    next[b] = (next[b] as number) + 1;
  }
  const sums = new ClusterSums(groups);
  return attr.bins.map((_, b) => {
    sums.start();
    for (let j = start[b] as number; j < (start[b + 1] as number); j++) {
      const i = byBin[j] as number;
      sums.add(i, target[i] as number, 1);
    }
    const r = clusterRateIn(sums);
    return r ? { lo: r.lo, hi: r.hi } : { lo: 0, hi: 1 };
  });
}
