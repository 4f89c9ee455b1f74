import { clusterRate } from '../stats/cluster-rate.js';
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
  const k = attr.bins.length;
  const n = new Float64Array(k);
  const pos = new Float64Array(k);
  for (let i = 0; i < attr.codes.length; i++) {
    if (include && include[i] === 0) continue;
    const b = attr.codes[i] as number;
    n[b] = (n[b] as number) + 1;
    pos[b] = (pos[b] as number) + (target[i] as number);
  }
  let total = 0;
  let totalPos = 0;
  for (let b = 0; b < k; b++) {
    total += n[b] as number;
    totalPos += pos[b] as number;
  }
  const totalNeg = total - totalPos;
  const base = total > 0 ? totalPos / total : 0;
  let iv = 0;
  const intervals = groups ? clusteredIntervals(attr, target, groups, include) : undefined;
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

/** Each bin's 95% interval with the groups (accounts) as the independent units, in one pass. */
function clusteredIntervals(
  attr: BinnedAttribute,
  target: Uint8Array,
  groups: Int32Array,
  include?: Uint8Array,
): { lo: number; hi: number }[] {
  const byBin = attr.bins.map(() => new Map<number, { positives: number; n: number }>());
  for (let i = 0; i < attr.codes.length; i++) {
    if (include && include[i] === 0) continue;
    const bin = byBin[attr.codes[i] as number] as Map<number, { positives: number; n: number }>;
    const g = groups[i] as number;
    const c = bin.get(g) ?? { positives: 0, n: 0 };
    c.n += 1;
    c.positives += target[i] as number;
    bin.set(g, c);
  }
  return byBin.map((m) => {
    const r = clusterRate([...m.values()]);
    return r ? { lo: r.lo, hi: r.hi } : { lo: 0, hi: 1 };
  });
}
