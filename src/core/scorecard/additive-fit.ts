import type { FineAttribute } from '../binning/fine-bins.js';
import type { FineEvidence } from '../binning/merge-bins.js';
import {
  fitPenalizedLogistic,
  type PenalizedFit,
  type SparseDesign,
  sparseLogit,
} from '../stats/penalized-logistic.js';
import { COLLAPSE_ROWS, distinctPatterns } from './distinct-patterns.js';
import { termPenalty } from './term-penalty.js';

/**
 * One additive term of the scorecard while it is fitted: an attribute's fine bins (`chain` the
 * bins smoothed towards their neighbours) or an interaction (one column: match).
 */
export interface Term {
  readonly columns: number;
  /** Column of every row (all rows of the data, not only the training ones); -1 for none. */
  readonly codes: Int32Array;
  readonly chain: readonly number[];
  /** Columns without a property of their own (missing, other): pulled harder towards average. */
  readonly neutral?: readonly number[];
}

/** How hard the fit pulls bins towards the attribute's average (ridge) and towards their neighbours (smooth). */
export interface Penalty {
  readonly ridge: number;
  readonly smooth: number;
}

export interface AdditiveFit {
  readonly intercept: number;
  /** Effect (logit) of every column of every term. */
  readonly effects: readonly Float64Array[];
  /** Training rows per column of every term. */
  readonly counts: readonly Float64Array[];
  /** Fisher information per column of every term at the fit: sum of p(1 - p) over its rows. */
  readonly information: readonly Float64Array[];
  readonly raw: PenalizedFit;
}

/**
 * The one-hot design of some rows, built once and fitted with several penalties. From
 * COLLAPSE_ROWS rows on, the design's rows are the distinct patterns, weighted by their rows.
 */
export interface PreparedRows {
  readonly terms: readonly Term[];
  readonly rows: Int32Array;
  readonly offsets: readonly number[];
  readonly design: SparseDesign;
  /** The outcome of each of the design's rows. */
  readonly y: Uint8Array;
  readonly counts: readonly Float64Array[];
  /** Training rows the design stands for. */
  readonly total: number;
}

/**
 * Builds the design of `rows` (indexes into the data) once. With `weights` (the rows of each
 * row of the data when the data are distinct patterns already), the design is weighted.
 */
export function prepareRows(
  terms: readonly Term[],
  y: Uint8Array,
  rows: Int32Array,
  weights?: Float64Array,
): PreparedRows {
  const offsets: number[] = [];
  let p = 0;
  for (const t of terms) {
    offsets.push(p);
    p += t.columns;
  }
  const counts = terms.map((t) => new Float64Array(t.columns));
  const blocks = terms.map((t, j) => {
    const block = new Int32Array(rows.length);
    const c = counts[j] as Float64Array;
    const o = offsets[j] as number;
    for (let r = 0; r < rows.length; r++) {
      const code = t.codes[rows[r] as number] as number;
      block[r] = code < 0 ? -1 : o + code;
      if (code >= 0)
        c[code] = (c[code] as number) + (weights ? (weights[rows[r] as number] as number) : 1);
    }
    return block;
  });
  const yy = new Uint8Array(rows.length);
  for (let r = 0; r < rows.length; r++) yy[r] = y[rows[r] as number] as number;
  if (weights) {
    const w = Float64Array.from(rows, (i) => weights[i] as number);
    const design = { rows: rows.length, columns: p, blocks, weights: w };
    return { terms, rows, offsets, design, y: yy, counts, total: w.reduce((a, b) => a + b, 0) };
  }
  const design: SparseDesign = { rows: rows.length, columns: p, blocks };
  const fitted = rows.length >= COLLAPSE_ROWS ? distinctPatterns(design, yy) : { design, y: yy };
  return { terms, rows, offsets, ...fitted, counts, total: rows.length };
}

/**
 * Fits a penalised logistic regression over the terms on the given rows: one coefficient per
 * bin, pulled towards the attribute's row-weighted average (a bin with little evidence, such as
 * a rare "missing", scores close to average) and, along a chain, towards its neighbours (so 40
 * fine bins give a smooth shape rather than noise).
 */
export function fitAdditive(
  terms: readonly Term[],
  y: Uint8Array,
  rows: Int32Array,
  penalty: Penalty,
  start?: AdditiveFit,
  weights?: Float64Array,
): AdditiveFit {
  return fitPrepared(prepareRows(terms, y, rows, weights), penalty, start);
}

/** `fitAdditive` on a design built before. */
export function fitPrepared(
  prepared: PreparedRows,
  penalty: Penalty,
  start?: AdditiveFit,
): AdditiveFit {
  const { terms, offsets, design, counts } = prepared;
  const p = design.columns;
  const n = prepared.total;
  const matrix = penaltyMatrix(
    terms,
    offsets,
    counts,
    p,
    n,
    penalty,
    information(prepared.y, design.weights),
  );
  const raw = fitPenalizedLogistic(design, prepared.y, {
    penalty: matrix,
    ...(start ? { start: { intercept: start.intercept, coef: concat(start.effects, p) } } : {}),
  });
  const effects = terms.map((t, j) =>
    raw.coef.slice(offsets[j] as number, (offsets[j] as number) + t.columns),
  );
  const eta = sparseLogit(design, raw);
  const info = terms.map((t) => new Float64Array(t.columns));
  const weights = design.weights;
  // Each row's p(1 - p) once, not once per term (the same value for every term's sum).
  const variance = new Float64Array(eta.length);
  for (let r = 0; r < eta.length; r++) {
    const mu = 1 / (1 + Math.exp(-(eta[r] as number)));
    variance[r] = mu * (1 - mu);
  }
  design.blocks.forEach((block, j) => {
    const out = info[j] as Float64Array;
    const o = offsets[j] as number;
    for (let r = 0; r < block.length; r++) {
      const c = block[r] as number;
      if (c < 0) continue;
      const v = variance[r] as number;
      out[c - o] = (out[c - o] as number) + (weights ? (weights[r] as number) * v : v);
    }
  });
  return { intercept: raw.intercept, effects, counts, information: info, raw };
}

/** The linear predictor of every row of the data under a fit. */
export function additiveLogit(
  terms: readonly Term[],
  fit: Pick<AdditiveFit, 'intercept' | 'effects'>,
  n: number,
): Float64Array {
  const eta = new Float64Array(n).fill(fit.intercept);
  terms.forEach((t, j) => {
    const e = fit.effects[j] as Float64Array;
    for (let i = 0; i < n; i++) {
      const c = t.codes[i] as number;
      if (c >= 0) eta[i] = (eta[i] as number) + (e[c] as number);
    }
  });
  return eta;
}

/** The terms' penalties on the block diagonal of one matrix over all columns. */
function penaltyMatrix(
  terms: readonly Term[],
  offsets: readonly number[],
  counts: readonly Float64Array[],
  p: number,
  n: number,
  penalty: Penalty,
  information: number,
): Float64Array {
  const P = new Float64Array(p * p);
  terms.forEach((t, j) => {
    const o = offsets[j] as number;
    const block = termPenalty(t, counts[j] as Float64Array, n, penalty, information);
    const k = t.columns;
    for (let a = 0; a < k; a++)
      for (let b = 0; b < k; b++) P[(o + a) * p + o + b] = block[a * k + b] as number;
  });
  return P;
}

/** Base rate x (1 - base rate) of some outcomes (rows weighted by `weights`, when given). */
export function information(y: ArrayLike<number>, weights?: Float64Array): number {
  let pos = 0;
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weights ? (weights[i] as number) : 1;
    pos += w * (y[i] as number);
    total += w;
  }
  const q = y.length > 0 ? pos / total : 0.5;
  return q * (1 - q);
}

function concat(parts: readonly Float64Array[], p: number): Float64Array {
  const out = new Float64Array(p);
  let o = 0;
  for (const part of parts) {
    out.set(part.subarray(0, Math.min(part.length, p - o)), o);
    o += part.length;
  }
  return out;
}

/** What a fit says about term `j`'s fine bins. */
export function evidenceOf(fit: AdditiveFit, j: number): FineEvidence {
  return {
    effects: fit.effects[j] as Float64Array,
    counts: fit.counts[j] as Float64Array,
    information: fit.information[j] as Float64Array,
  };
}

/** The fitting term of a fine attribute: missing and "other" are its neutral columns. */
export function termOf(f: FineAttribute): Term {
  return {
    columns: f.bins.length,
    codes: f.codes,
    chain: f.chain,
    neutral: f.bins.flatMap((b, c) => (b.kind === 'missing' || b.kind === 'other' ? [c] : [])),
  };
}
