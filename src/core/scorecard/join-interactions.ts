import { spanBin } from '../binning/bin-numeric.js';
import { type MergedBins, mergedEffects } from '../binning/merge-bins.js';
import type { BinnedAttribute } from '../binning/types.js';
import { type AdditiveFit, fitAdditive, type Penalty, type Term } from './additive-fit.js';
import type { FittedScorecard } from './fit-scorecard.js';
import type { FitSpace } from './fit-space.js';
import { type InteractionStep, interactionMask } from './interactions.js';

/**
 * The main effects and the interactions refitted together (the readable bins stay those of the
 * main-effects fit; the interactions' conditions are cut on them) in the fit's space (rows or
 * patterns, `on.views` the readable bins there). The attributes' codes and the interactions'
 * masks returned are those of the rows of `on.rows` (the readable bins at the rows the fitted
 * scorecard is for); their logits are `withRowLogits`'.
 */
export function joinInteractions(
  bins: readonly MergedBins[],
  on: {
    readonly space: FitSpace;
    readonly views: readonly BinnedAttribute[];
    readonly rows: readonly BinnedAttribute[];
  },
  penalty: Penalty,
  main: AdditiveFit,
  path: readonly InteractionStep[],
): Omit<FittedScorecard, 'tuning' | 'warm' | 'logit'> {
  const { terms, y, rows, weights } = on.space;
  const fitMasks = path.map((s) => interactionMask(s.term, on.views));
  const masks = on.rows === on.views ? fitMasks : path.map((s) => interactionMask(s.term, on.rows));
  const all: Term[] = [
    ...terms,
    ...fitMasks.map((m) => ({ columns: 1, codes: matchCodes(m), chain: [] })),
  ];
  const start: AdditiveFit = {
    ...main,
    effects: [...main.effects, ...path.map((s) => Float64Array.of(s.effect))],
  };
  const joint = path.length > 0 ? fitAdditive(all, y, rows, penalty, start, weights) : main;
  const attributes = bins.map((b, j) => ({
    ...b,
    attribute: on.rows[j] as BinnedAttribute,
    effects: mergedEffects(b, joint.effects[j] as Float64Array, joint.counts[j] as Float64Array),
  }));
  const interactions = path.map((s, k) => ({
    conditions: s.term.conditions.map((c) => ({
      attribute: c.attribute,
      bin: spanBin((on.rows[c.attribute] as BinnedAttribute).bins, c.from, c.to),
    })),
    mask: masks[k] as Uint8Array,
    effect: (joint.effects[terms.length + k] as Float64Array)[0] as number,
  }));
  return { attributes, interactions, intercept: joint.intercept };
}

/** An interaction's column in the fit: 0 where the mask (0 or 1) matches, -1 (none) elsewhere; a plain loop, not a callback per row. */
function matchCodes(mask: Uint8Array): Int32Array {
  const codes = new Int32Array(mask.length);
  for (let i = 0; i < mask.length; i++) codes[i] = (mask[i] as number) - 1;
  return codes;
}
