import type { Verdict } from './run-discovery.js';

/** Why no scorecard is fitted, before any fitting: too few rows of a class, no signal, or not asked. */
export function earlyVerdict(
  positives: number,
  negatives: number,
  selected: number,
  tested: number,
  fitModel: boolean,
): Verdict | undefined {
  if (positives < 10 || negatives < 10)
    return {
      kind: 'insufficient',
      reason: `${positives} positives and ${negatives} negatives: at least 10 of each are needed for any profile`,
    };
  if (selected === 0)
    return {
      kind: 'no_signal',
      reason: `no attribute separates the target beyond chance (false discovery rate 5% over ${tested} attributes): no reliable profile`,
    };
  if (!fitModel)
    return { kind: 'descriptive', reason: 'evidence and segments only (no scorecard asked for)' };
  if (positives < 40)
    return {
      kind: 'descriptive',
      reason: `${positives} positives: enough for evidence tables and segments, too few for a scorecard (40 needed)`,
    };
  return undefined;
}

export function noModel() {
  return { scorecard: undefined, calibration: undefined, tiers: undefined, validation: undefined };
}
