import {
  type AdditiveFit,
  additiveLogit,
  fitPrepared,
  type Penalty,
  prepareRows,
  type Term,
} from './additive-fit.js';

/**
 * The penalties, strongest first. Ridge and smoothing move together: a strong pull towards the
 * average goes with a smooth shape.
 */
export const PENALTY_GRID: readonly Penalty[] = [
  { ridge: 16, smooth: 100 },
  { ridge: 6, smooth: 30 },
  { ridge: 2, smooth: 10 },
  { ridge: 1, smooth: 3 },
  { ridge: 0.5, smooth: 1 },
];

/** One inner fold: its training and held-out rows. */
export interface InnerFold {
  readonly train: Int32Array;
  readonly test: Int32Array;
}

export interface Tuned {
  readonly penalty: Penalty;
  /** Mean held-out deviance per row of each penalty of the grid (NaN for those not tried). */
  readonly deviance: readonly number[];
  /** Each inner fold's fit at the chosen penalty (its held-out rows never seen). */
  readonly innerFits: readonly AdditiveFit[];
}

/** Where a search may start: a penalty of the grid and a fit of the same terms (any rows) near the answer. */
export interface TuningStart {
  readonly penalty: Penalty;
  readonly fit: AdditiveFit;
}

/**
 * Chooses the penalty by cross-validation inside the training rows: a penalty is fitted on each
 * inner fold's training rows and judged by the deviance of its held-out rows. The held-out
 * deviance is U-shaped along the grid, so the search starts in the middle (or at `start`, the
 * choice of a neighbouring fold, from its fit) and walks towards the better neighbour while it
 * keeps improving, each fit starting from its neighbour's. The problem is convex: where a fit
 * starts changes its cost, not its answer.
 */
export function tunePenalty(
  terms: readonly Term[],
  y: Uint8Array,
  folds: readonly InnerFold[],
  grid: readonly Penalty[] = PENALTY_GRID,
  start?: TuningStart,
): Tuned {
  const n = y.length;
  const prepared = folds.map((fold) => prepareRows(terms, y, fold.train));
  const heldOut = folds.reduce((s, f) => s + f.test.length, 0);
  const deviance = grid.map(() => Number.NaN);
  const fits: (AdditiveFit[] | undefined)[] = grid.map(() => undefined);
  const evaluate = (g: number, from: number | undefined): number => {
    const warm = from === undefined ? undefined : fits[from];
    const atPenalty = prepared.map((rows, f) =>
      fitPrepared(rows, grid[g] as Penalty, warm?.[f] ?? start?.fit),
    );
    fits[g] = atPenalty;
    const total = folds.reduce(
      (s, fold, f) =>
        s + rowsDeviance(additiveLogit(terms, atPenalty[f] as AdditiveFit, n), y, fold.test),
      0,
    );
    deviance[g] = total / Math.max(heldOut, 1);
    return deviance[g] as number;
  };
  const first = start
    ? grid.findIndex((p) => p.ridge === start.penalty.ridge && p.smooth === start.penalty.smooth)
    : -1;
  const origin = first >= 0 ? first : Math.floor(grid.length / 2);
  const best = walkGrid(grid.length, origin, evaluate);
  return {
    penalty: grid[best] as Penalty,
    deviance,
    innerFits: fits[best] as AdditiveFit[],
  };
}

/**
 * The best point of a grid whose held-out deviance is U-shaped along it: from `origin`, towards
 * the better neighbour while it keeps improving. `evaluate(g, from)` fits point g (warm from
 * point `from`'s fits) and returns its deviance.
 */
export function walkGrid(
  size: number,
  origin: number,
  evaluate: (g: number, from: number | undefined) => number,
): number {
  let best = origin;
  let least = evaluate(best, undefined);
  for (const step of [1, -1]) {
    let g = best + step;
    while (g >= 0 && g < size) {
      const d = evaluate(g, g - step);
      if (!(d < least)) break;
      best = g;
      least = d;
      g += step;
    }
    if (best !== origin) break;
  }
  return best;
}

/** -2 log-likelihood of the given rows under the logits. */
export function rowsDeviance(eta: Float64Array, y: Uint8Array, rows: Int32Array): number {
  let dev = 0;
  for (const i of rows) {
    const e = eta[i] as number;
    const softplus = e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e));
    dev += 2 * (softplus - (y[i] as number) * e);
  }
  return dev;
}
