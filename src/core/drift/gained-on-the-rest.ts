/**
 * Whether a bin moved against the rest of its window, the way it moved against its training
 * rate (`up`): its odds ratio against the window's other units departs from the same odds
 * ratio in the baseline (a ratio of odds ratios, Woolf's variance, one-sided p < 0.05).
 * A window where every unit does better (the outcome's base moved, e.g. a richer mix of
 * customers lifts the value threshold's share) lifts every large bin: this keeps those out
 * and the bin that gained on the others in.
 */
export function gainedOnTheRest(
  bin: { readonly count: number; readonly positives: number },
  bins: readonly { readonly count: number; readonly positives: number }[],
  k: number,
  n: number,
  windowPositives: number,
  windowUnits: number,
  up: boolean,
): boolean {
  const restN = windowUnits - n;
  const trainN = bins.reduce((t, x) => t + x.count, 0) - bin.count;
  if (restN <= 0 || trainN <= 0) return true;
  const trainK = bins.reduce((t, x) => t + x.positives, 0) - bin.positives;
  const now = logOdds(k, n, windowPositives - k, restN);
  const then = logOdds(bin.positives, bin.count, trainK, trainN);
  const z = (now.ratio - then.ratio) / Math.sqrt(now.variance + then.variance);
  // One-sided: the direction is the one the bin already moved in against its baseline.
  return (up ? z : -z) > 1.6448536269514722;
}

/** Log odds ratio of k1/n1 against k2/n2, each cell plus 0.5, with its (Woolf) variance. */
function logOdds(k1: number, n1: number, k2: number, n2: number) {
  const cells = [k1 + 0.5, n1 - k1 + 0.5, k2 + 0.5, n2 - k2 + 0.5] as const;
  return {
    ratio: Math.log((cells[0] * cells[3]) / (cells[1] * cells[2])),
    variance: cells.reduce((v, c) => v + 1 / c, 0),
  };
}
