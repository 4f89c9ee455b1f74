import type { RateCI } from '../stats/account-rate.js';
import type { PsiReading } from '../stats/psi.js';

import { TIER_KEYS as TIERS, type TierKey } from '../icp/tiers.js';

/** unknown: too little of the scorecard known to tier (its own row, as in the audit). */
export { TIERS, type TierKey };

export interface AttributeShift {
  readonly attribute: string;
  readonly psi: number;
  /** The conventional reading of the PSI, but 'stable' unless the shift is also significant (p < 0.01). */
  readonly reading: PsiReading;
  /** Chi-square approximation: PSI x n1 n2 / (n1 + n2) on (bins - 1) degrees of freedom. */
  readonly pValue: number;
  /** The bins that moved most: their share of the accounts created before the first window against the window's. */
  readonly moved: readonly { bin: string; before: number; now: number }[];
}

/** A bin whose outcome rate in a window departs from its rate in the ICP's training data. */
export interface SegmentChange {
  readonly attribute: string;
  readonly bin: string;
  /** emerging: outside the ICP's best bins and now clearly better; stopped: among its best and now clearly worse. */
  readonly kind: 'emerging' | 'stopped';
  /** The bin's rate in the baseline (see DriftResult.baseline). */
  readonly before: RateCI;
  readonly now: RateCI;
  readonly q: number;
}

export interface DriftWindow {
  readonly from: string;
  readonly until: string;
  /** Units with an outcome (closed deals, or customers) that arrived in the window. */
  readonly units: number;
  readonly positives: number;
  /** Accounts created in the window: the population the shifts and the tier mix describe. */
  readonly arrivals: number;
  /** Share of the window's new accounts in each tier, and the PSI of that mix against the accounts created before the first window. */
  readonly tierMix: Readonly<Record<TierKey, number>>;
  readonly tierMixPsi: number;
  /** Outcome rate by tier, with 95% Wilson intervals. */
  readonly tierRates: Readonly<Record<TierKey, RateCI | null>>;
  readonly auc: { auc: number; lo: number; hi: number } | null;
  /** Share of the window's positives in tiers A-B. */
  readonly capturedAB: number | null;
  /** The window's AUC interval lies wholly below the ICP's cross-validated interval. */
  readonly rankingFell: boolean;
  readonly shifts: readonly AttributeShift[];
  readonly segments: readonly SegmentChange[];
}
