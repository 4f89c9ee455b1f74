/**
 * Area under the ROC curve (the Mann-Whitney statistic, ties counted half) with a 95%
 * interval by Hanley and McNeil (1982).
 *
 * @example auc(Float64Array.from([0.1, 0.4, 0.35, 0.8]), Uint8Array.from([0, 0, 1, 1])).auc // => 0.75
 */
export function auc(scores: Float64Array, y: Uint8Array): { auc: number; lo: number; hi: number } {
  const n = scores.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i] as number;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return { auc: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  const rankSumPos = positiveRankSum(scores, y, nPos);
  const a = (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
  const q1 = a / (2 - a);
  const q2 = (2 * a * a) / (1 + a);
  const se = Math.sqrt(
    (a * (1 - a) + (nPos - 1) * (q1 - a * a) + (nNeg - 1) * (q2 - a * a)) / (nPos * nNeg),
  );
  return { auc: a, lo: Math.max(0, a - 1.96 * se), hi: Math.min(1, a + 1.96 * se) };
}

/**
 * The sum of the positives' ranks among all scores (ties given their mean rank), from the
 * positives' and the negatives' scores each sorted natively and merged tie group by tie group:
 * no comparator sort of a million row indexes. Ranks are halves of integers and their sum stays
 * far below 2^53, so adding a tie group's ranks as one product gives the same number as adding
 * them one by one.
 */
function positiveRankSum(scores: Float64Array, y: Uint8Array, nPos: number): number {
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(scores.length - nPos);
  let k = 0;
  let l = 0;
  for (let i = 0; i < scores.length; i++) {
    if (y[i] === 1) pos[k++] = scores[i] as number;
    else neg[l++] = scores[i] as number;
  }
  pos.sort();
  neg.sort();
  // NaN sorts last and equals only itself here, so it forms one last tie group.
  const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < pos.length || j < neg.length) {
    const p = pos[i] as number;
    const q = neg[j] as number;
    const v = j >= neg.length || (i < pos.length && (Number.isNaN(q) || p <= q)) ? p : q;
    const i0 = i;
    const j0 = j;
    while (i < pos.length && same(pos[i] as number, v)) i++;
    while (j < neg.length && same(neg[j] as number, v)) j++;
    // The group holds 0-based positions i0 + j0 to i + j - 1: each gets their mean rank.
    sum += (i - i0) * ((i0 + j0 + i + j - 1) / 2 + 1);
  }
  return sum;
}

/**
 * Expected calibration error over `bins` equal-count bins of the predicted probability. The
 * probabilities are sorted natively; a bin's outcomes are counted from the positives' sorted
 * probabilities. Where a bin edge cuts a run of equal probabilities, each side gets the run's
 * positives in proportion to the rows it takes: nothing tells those rows apart, so their order
 * in the file (which put them in one bin or the other before) must not change the error.
 */
export function calibrationError(p: Float64Array, y: Uint8Array, bins = 10): number {
  const n = p.length;
  const sorted = Float64Array.from(p).sort();
  const positives = Float64Array.from(p.filter((_, i) => y[i] === 1)).sort();
  const positivesBefore = (edge: number) => {
    if (edge >= n) return positives.length;
    const v = sorted[edge] as number;
    const runFrom = lowerBound(sorted, v);
    const below = lowerBound(positives, v);
    if (edge === runFrom) return below;
    const runRows = upperBound(sorted, v) - runFrom;
    const runPositives = upperBound(positives, v) - below;
    return below + (runPositives * (edge - runFrom)) / runRows;
  };
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let sp = 0;
    for (let m = from; m < to; m++) sp += sorted[m] as number;
    const sy = positivesBefore(to) - positivesBefore(from);
    ece += (Math.abs(sp - sy) / (to - from)) * ((to - from) / n);
  }
  return ece;
}

/** The first position of a sorted array whose value is not below `v`. */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first position of a sorted array whose value is above `v`. */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
