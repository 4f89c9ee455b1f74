/**
 * Area under the ROC curve (the Mann-Whitney statistic, ties counted half) with a 95%
 * interval by Hanley and McNeil (1982).
 *
 * @example auc(Float64Array.from([0.1, 0.4, 0.35, 0.8]), Uint8Array.from([0, 0, 1, 1])).auc // => 0.75
 */
export function auc(scores: Float64Array, y: Uint8Array): { auc: number; lo: number; hi: number } {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  );
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i] as number;
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return { auc: Number.NaN, lo: Number.NaN, hi: Number.NaN };
  let rankSumPos = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) if (y[order[m] as number] === 1) rankSumPos += rank;
    i = j + 1;
  }
  const a = (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
  const q1 = a / (2 - a);
  const q2 = (2 * a * a) / (1 + a);
  const se = Math.sqrt(
    (a * (1 - a) + (nPos - 1) * (q1 - a * a) + (nNeg - 1) * (q2 - a * a)) / (nPos * nNeg),
  );
  return { auc: a, lo: Math.max(0, a - 1.96 * se), hi: Math.min(1, a + 1.96 * se) };
}

/** Expected calibration error over `bins` equal-count bins of the predicted probability. */
export function calibrationError(p: Float64Array, y: Uint8Array, bins = 10): number {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (p[a] as number) - (p[b] as number),
  );
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    if (to <= from) continue;
    let sp = 0;
    let sy = 0;
    for (let m = from; m < to; m++) {
      sp += p[order[m] as number] as number;
      sy += y[order[m] as number] as number;
    }
    ece += (Math.abs(sp - sy) / (to - from)) * ((to - from) / n);
  }
  return ece;
}
