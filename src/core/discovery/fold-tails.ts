import type { FineAttribute } from '../binning/fine-bins.js';
import { pointsOf, scoreRows } from '../scorecard/build-scorecard.js';
import { fitInteractions, type MainEffects } from '../scorecard/fit-scorecard.js';

/**
 * A cross-validation fold's second part (`fitInteractions` and the scoring of its held-out
 * rows), from its main effects. Nothing in it feeds the next fold (whose search starts from
 * this fold's main effects), so it may run elsewhere while the next fold starts.
 */
export interface FoldTail {
  /** The fold's attributes (indexes into the cross-validation's fine bins), in order. */
  readonly chosen: readonly number[];
  readonly first: MainEffects;
  /** The held-out rows the fold scores, in order. */
  readonly held: Int32Array;
}

/** What a fold's second part gives back: the interactions' choice, and the held-out rows' scores and logits. */
export interface FoldTailResult {
  readonly interactions: number;
  readonly devianceWithout: number;
  readonly devianceWith: number;
  readonly score: Float64Array;
  readonly logit: Float64Array;
}

/**
 * Somewhere else to run the folds' second parts (another thread), given by the caller:
 * `core` stays pure. `submit` hands fold `k`'s over (it may be ignored); `take` gives fold
 * `k`'s result, from there or, when it was not started there (or failed), from `local()`,
 * the same code on the same data (the same result either way). `close` ends it.
 */
export interface FoldTails {
  submit(k: number, tail: FoldTail): void;
  take(k: number, local: () => FoldTailResult): FoldTailResult;
  close(): void;
}

/** Starts the place the folds' second parts run, for this data; undefined: they run in turn. */
export type FoldTailsFactory = (data: {
  readonly fine: readonly FineAttribute[];
  readonly target: Uint8Array;
}) => FoldTails | undefined;

/** A fold's second part, run here. */
export function runFoldTail(
  fine: readonly FineAttribute[],
  target: Uint8Array,
  tail: FoldTail,
  onStage?: (stage: string) => void,
): FoldTailResult {
  const fitted = fitInteractions(
    tail.chosen.map((j) => fine[j] as FineAttribute),
    target,
    tail.first,
    { at: tail.held, ...(onStage ? { onStage } : {}) },
  );
  onStage?.('scoring held-out rows');
  const scored = scoreRows(pointsOf(fitted));
  const { interactions, devianceWithout, devianceWith } = fitted.tuning;
  return { interactions, devianceWithout, devianceWith, ...scored };
}

/**
 * Every fit's second part from `tails`, taken from the last: the worker runs them from the
 * first, so both threads stay busy until they meet.
 */
export function takeAll(
  tails: FoldTails,
  pending: readonly FoldTail[],
  local: (tail: FoldTail) => FoldTailResult,
): FoldTailResult[] {
  const results: FoldTailResult[] = [];
  for (let k = pending.length - 1; k >= 0; k--) {
    const tail = pending[k] as FoldTail;
    results[k] = tails.take(k, () => local(tail));
  }
  return results;
}
