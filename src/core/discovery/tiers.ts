import type { Validation } from './run-discovery.js';

/** Tier shares of rows, best first: A is the smallest and best. */
export const TIER_SHARES = { A: 0.1, B: 0.2, C: 0.3 } as const;

/** Score thresholds so that A, B and C hold the top 10%, next 20% and next 30% of rows. */
export function tierThresholds(score: Float64Array): { A: number; B: number; C: number } {
  const sorted = Float64Array.from(score).sort();
  const at = (share: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor((1 - share) * sorted.length))] as number;
  return {
    A: at(TIER_SHARES.A),
    B: at(TIER_SHARES.A + TIER_SHARES.B),
    C: at(TIER_SHARES.A + TIER_SHARES.B + TIER_SHARES.C),
  };
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
