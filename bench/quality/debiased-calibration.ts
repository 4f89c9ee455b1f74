/**
 * The debiased L2 calibration error of Kumar, Liang and Ma ("Verified Uncertainty Calibration",
 * NeurIPS 2019): over equal-count bins of the predicted probability, the squared gap between a
 * bin's outcome rate and its mean probability, less that rate's sampling variance
 * (rate (1 - rate) / (rows - 1)), weighted by the bin's share of rows; the square root of the sum
 * (0 when the sum is negative). The plug-in error (`calibrationError`) of a perfectly calibrated
 * model on 1,000 rows is about 0.03 by chance alone; this estimate's expectation there is near 0,
 * so it says whether a model's error exceeds what the rows can show. An L2 error is at least the
 * L1 error of the same bins, so it is not a looser measure.
 */
export function debiasedCalibrationError(p: Float64Array, y: Uint8Array, bins = 10): number {
  const n = p.length;
  // Ties in row order: the folds' order is fixed, so the figure is reproducible.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (p[a] as number) - (p[b] as number) || a - b,
  );
  let squared = 0;
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    const rows = to - from;
    if (rows < 2) continue;
    let sp = 0;
    let sy = 0;
    for (let m = from; m < to; m++) {
      sp += p[order[m] as number] as number;
      sy += y[order[m] as number] as number;
    }
    const rate = sy / rows;
    const gap = rate - sp / rows;
    squared += (rows / n) * (gap * gap - (rate * (1 - rate)) / (rows - 1));
  }
  return Math.sqrt(Math.max(0, squared));
}
