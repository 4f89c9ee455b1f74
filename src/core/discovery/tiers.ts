import type { Validation } from './run-discovery.js';

/** Tier shares of rows, best first: A is the smallest and best. */
export const TIER_SHARES = { A: 0.1, B: 0.2, C: 0.3 } as const;

/** Score thresholds so that A, B and C hold the top 10%, next 20% and next 30% of rows. */
export function tierThresholds(score: Float64Array): { A: number; B: number; C: number } {
  const values = Float64Array.from(score);
  // In whole percents, so the cumulative 0.1 + 0.2 + 0.3 is 60 and not 0.6000000000000001 (which
  // put 61 of 100 rows in tiers A to C).
  const rank = (share: number) =>
    Math.min(
      values.length - 1,
      Math.floor(((100 - Math.round(share * 100)) * values.length) / 100),
    );
  // The three order statistics by selection, lowest rank first (each leaves the values above it
  // to the right): linear time where sorting a million scores is not.
  const c = select(values, rank(TIER_SHARES.A + TIER_SHARES.B + TIER_SHARES.C), 0);
  const b = select(values, rank(TIER_SHARES.A + TIER_SHARES.B), c.at);
  const a = select(values, rank(TIER_SHARES.A), b.at);
  return { A: a.value, B: b.value, C: c.value };
}

/**
 * The value of rank `k` (0-based, as in the sorted values), found by quickselect on
 * `values[from..]`, which it reorders so that no value left of position k is above it and none
 * right of it below. Scores repeat a lot (a scorecard's points take few values): the partition
 * stops at equal values on both sides, which keeps it balanced on them.
 */
function select(values: Float64Array, k: number, from: number): { value: number; at: number } {
  if (k < 0) return { value: values[k] as number, at: from }; // no rows: undefined, as before
  let lo = from;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const t = values[i] as number;
        values[i++] = values[j] as number;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return { value: values[k] as number, at: k };
}

/** The validation block: AUC with its interval, tier shares and rates on out-of-fold scores, calibration. */
export function validate(
  oofScore: Float64Array,
  cv: { auc: number; lo: number; hi: number },
  target: Uint8Array,
  folds: number,
  calibration: number,
): Omit<Validation, 'tuning'> {
  const n = target.length;
  const oofTiers = tierThresholds(oofScore);
  const tierOf = (s: number) =>
    s >= oofTiers.A ? 0 : s >= oofTiers.B ? 1 : s >= oofTiers.C ? 2 : 3;
  const count = [0, 0, 0, 0];
  const pos = [0, 0, 0, 0];
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const t = tierOf(oofScore[i] as number);
    count[t] = (count[t] as number) + 1;
    pos[t] = (pos[t] as number) + (target[i] as number);
    positives += target[i] as number;
  }
  return {
    folds,
    auc: cv.auc,
    aucInterval: { lo: cv.lo, hi: cv.hi },
    shareAB: ((count[0] as number) + (count[1] as number)) / n,
    capturedAB: ((pos[0] as number) + (pos[1] as number)) / positives,
    rateA: (count[0] as number) > 0 ? (pos[0] as number) / (count[0] as number) : 0,
    rateD: (count[3] as number) > 0 ? (pos[3] as number) / (count[3] as number) : 0,
    calibrationError: calibration,
  };
}
