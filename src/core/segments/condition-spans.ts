import type { BinnedAttribute } from '../binning/types.js';

/**
 * The bin spans a condition may take: every single bin, and for numeric attributes the open
 * ranges below and above each inner edge. The missing bin only when asked for.
 */
export function conditionSpans(a: BinnedAttribute, useMissing: boolean): [number, number][] {
  const out: [number, number][] = [];
  const last = a.bins.length - 1;
  a.bins.forEach((bin, b) => {
    // A range over every number ("any") says only that the value is filled in: no condition.
    const everything =
      bin.kind === 'range' &&
      bin.lo === Number.NEGATIVE_INFINITY &&
      bin.hi === Number.POSITIVE_INFINITY;
    if ((bin.kind !== 'missing' || useMissing) && !everything) out.push([b, b]);
  });
  if (a.kind === 'numeric') {
    const ranges = last; // the bins before the missing one
    for (let k = 1; k < ranges - 1; k++) out.push([0, k]);
    for (let k = 1; k < ranges - 1; k++) out.push([k, ranges - 1]);
  }
  return out;
}
