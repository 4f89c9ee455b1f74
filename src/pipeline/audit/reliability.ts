import type { IcpDefinition } from '../../core/icp/definition.js';
import { verdictReason } from '../../core/icp/verdict-reason.js';
import type { TierSource } from '../analysis/cross-fitted-tiers.js';

/** Whether the ICP's tiers mean anything; the audit's headlines are built on them only if so. */
export interface ProfileReliability {
  readonly reliable: boolean;
  /** Why not, as a sentence to show first; what the tiers rest on when reliable. */
  readonly reason: string;
}

/**
 * A profile is reliable when the ICP has a scorecard whose cross-validated AUC interval lies
 * above 0.5 (chance), and the audit's tiers come from it (not an exploratory scorecard forced
 * over the attributes of an ICP without one). Leakage, the cost of poor fit and any other
 * figure that compares tiers are shown only then.
 *
 * @example profileReliability(icp, 'cross-fitted').reliable
 */
export function profileReliability(
  icp: IcpDefinition,
  method: TierSource['method'],
): ProfileReliability {
  const v = icp.validation;
  if (!icp.scorecard || !v || method === 'exploratory')
    return {
      reliable: false,
      reason: `No reliable profile: the ICP has no scorecard (${icp.verdict.kind}: ${verdictReason(icp.verdict)}), so its tiers are exploratory and no leakage or cost of poor fit is built on them`,
    };
  const interval = `${v.auc.toFixed(2)}, 95% interval ${v.auc_interval.lo.toFixed(2)}-${v.auc_interval.hi.toFixed(2)}`;
  if (v.auc_interval.lo <= 0.5)
    return {
      reliable: false,
      reason: `No reliable profile: the scorecard ranks no better than chance (cross-validated AUC ${interval}), so no leakage or cost of poor fit is built on its tiers`,
    };
  return {
    reliable: true,
    reason: `the scorecard ranks with a cross-validated AUC of ${interval}`,
  };
}
