import type { IcpConfig } from '../../core/config/schema.js';
import {
  type DiscoveryResult,
  runDiscovery,
  type StageHook,
} from '../../core/discovery/run-discovery.js';
import type { DiscoveryRows } from '../analysis/discovery-rows.js';
import { foldTailsThread } from './fold-tails-thread.js';

/**
 * Discovery on the rows read: with `model`, a cross-validated scorecard; with `anti`, the
 * anti-ICP on the rows' bad-value outcome; with `evidence: false`, no evidence list (the
 * contrast with deals won reads only segments and bins).
 */
export function discoverRows(
  rows: DiscoveryRows,
  config: IcpConfig,
  dispersion: number,
  options: {
    model: boolean;
    anti: boolean;
    evidence?: boolean;
    onStage?: StageHook | undefined;
  },
): DiscoveryResult {
  const { model, evidence, onStage } = options;
  return runDiscovery({
    numbers: rows.numbers,
    texts: rows.texts,
    ...(rows.counted ? { counted: rows.counted } : {}),
    candidates: rows.candidates,
    target: rows.target,
    ...(rows.bad && options.anti
      ? { anti: { target: rows.bad, include: new Uint8Array(rows.target.length).fill(1) } }
      : {}),
    dispersion,
    // Deals of one account share a fold, so validation never tests on an account it learned from.
    ...(rows.clustered ? { groups: rows.cluster } : {}),
    keep: config.discover.keep,
    seed: config.discover.seed,
    folds: config.discover.folds,
    maxAttributes: config.discover.max_attributes,
    model,
    ...(evidence === false ? { evidence } : {}),
    tails: foldTailsThread(),
    ...(onStage ? { onStage } : {}),
  });
}
