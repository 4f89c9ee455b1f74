import type { BinnedAttribute } from '../binning/types.js';
import type { SegmentCondition } from '../segments/beam-search.js';
import { bestCandidate, type Search, termKey } from './best-candidate.js';
import { groupCells, pairCells, scanGroups } from './pair-tables.js';

/**
 * A readable interaction: two conditions on two attributes ("Industry = Fintech and Employees
 * 200 – 2,000"), each a bin or a run of neighbouring numeric bins; a row matches when both hold.
 */
export interface InteractionTerm {
  readonly conditions: readonly [SegmentCondition, SegmentCondition];
}

export interface InteractionStep {
  readonly term: InteractionTerm;
  /** Logit added to a matching row, fitted with the terms before it held fixed. */
  readonly effect: number;
}

export interface InteractionOptions {
  /** Smallest match, in rows (and never all but this many). */
  readonly minCount: number;
  /** Ridge on each interaction's effect. */
  readonly ridge: number;
  /** Refits attribute `j`'s own effects after a term joins (updating `eta`). */
  readonly adjust?: (j: number, eta: Float64Array) => void;
  /** The attributes whose pairs are searched; all when omitted. */
  readonly among?: readonly number[];
  /**
   * Rows each row of the data stands for (the data are distinct patterns): every sum and
   * count is weighted. 1 each when omitted.
   */
  readonly weights?: Float64Array;
}

/** Scanned rows from which the pair tables may add up groups of rows rather than rows. */
export const GROUP_ROWS = 10_000;

/** Rows the candidate scan looks at, at most: an even sample of larger training sets. */
export const SCAN_ROWS = 1_000_000;

/** 1 for the rows that match the term. */
export function interactionMask(
  term: InteractionTerm,
  attrs: readonly BinnedAttribute[],
): Uint8Array {
  const [a, b] = term.conditions;
  const ca = (attrs[a.attribute] as BinnedAttribute).codes;
  const cb = (attrs[b.attribute] as BinnedAttribute).codes;
  const mask = new Uint8Array(ca.length);
  for (let i = 0; i < ca.length; i++) {
    const x = ca[i] as number;
    const z = cb[i] as number;
    if (x >= a.from && x <= a.to && z >= b.from && z <= b.to) mask[i] = 1;
  }
  return mask;
}

/**
 * Forward stagewise search: at each step the pair of conditions whose rows the current model
 * most under- or over-predicts (the score test: residual sum squared over its variance) joins
 * with its own effect. `eta` (every row's logit so far) is updated in place by each step.
 */
export function interactionSearch(
  attrs: readonly BinnedAttribute[],
  y: Uint8Array,
  train: Int32Array,
  eta: Float64Array,
  options: InteractionOptions,
): { step(): InteractionStep | undefined } {
  const taken = new Set<string>();
  const spans = attrs.map(conditionSpans);
  const among = options.among ?? attrs.map((_, j) => j);
  const every = Math.ceil(train.length / SCAN_ROWS);
  const scan = every > 1 ? train.filter((_, r) => r % every === 0) : train;
  const { weights } = options;
  let total = scan.length;
  if (weights) {
    total = 0;
    for (let r = 0; r < scan.length; r++) total += weights[scan[r] as number] as number;
  }
  const pairs = (among.length * (among.length - 1)) / 2;
  // Rows alike in every searched attribute fall in the same cell of every pair table: when
  // they are few, the tables add up groups rather than rows (from GROUP_ROWS scanned rows on;
  // below, the tables are cheap and the search adds its sums exactly as it always did).
  const groups = scan.length >= GROUP_ROWS ? scanGroups(attrs, among, scan, weights) : undefined;
  const search: Search = {
    attrs,
    spans,
    among,
    cellsOf: groups ? groupCells(attrs, groups, pairs) : pairCells(attrs, scan, pairs, weights),
    groups,
    y,
    scan,
    weights,
    minCount: options.minCount / every,
    total,
    candidates: new Map(),
    sums: undefined,
  };
  const add = (mask: Uint8Array, effect: number) => {
    for (let i = 0; i < eta.length; i++) if (mask[i] === 1) eta[i] = (eta[i] as number) + effect;
  };
  return {
    step() {
      const term = bestCandidate(search, eta, taken);
      if (!term) return undefined;
      taken.add(termKey(term));
      const mask = interactionMask(term, attrs);
      // The training rows the term matches, in order: each Newton pass adds the same values
      // in the same order as a pass over every training row that skips the others.
      const matched = matchedRows(mask, train);
      let effect = fitEffect(matched, y, eta, options.ridge, weights);
      add(mask, effect);
      if (options.adjust) {
        // Let the two attributes' own points settle with the new term, then refit the term.
        for (const c of term.conditions) options.adjust(c.attribute, eta);
        add(mask, -effect);
        effect = fitEffect(matched, y, eta, options.ridge, weights);
        add(mask, effect);
      }
      return { term, effect };
    },
  };
}

/** The first `steps` steps of the search. */
export function interactionPath(
  attrs: readonly BinnedAttribute[],
  y: Uint8Array,
  train: Int32Array,
  eta: Float64Array,
  steps: number,
  options: InteractionOptions,
): InteractionStep[] {
  const search = interactionSearch(attrs, y, train, eta, options);
  const path: InteractionStep[] = [];
  for (let s = 0; s < steps; s++) {
    const next = search.step();
    if (!next) break;
    path.push(next);
  }
  return path;
}

/** The conditions an attribute offers: each named level group, and for numbers each run of range bins short of all. */
function conditionSpans(a: BinnedAttribute): [number, number][] {
  const out: [number, number][] = [];
  if (a.kind === 'categorical') {
    a.bins.forEach((bin, b) => {
      if (bin.kind === 'categories') out.push([b, b]);
    });
    return out;
  }
  let ranges = 0;
  while (a.bins[ranges]?.kind === 'range') ranges++;
  for (let from = 0; from < ranges; from++)
    for (let to = from; to < ranges; to++) if (from > 0 || to < ranges - 1) out.push([from, to]);
  return out;
}

/** The effect of one new term with everything else held fixed: a ridge-penalised 1-D Newton fit. */
function fitEffect(
  matched: Int32Array,
  y: Uint8Array,
  eta: Float64Array,
  ridge: number,
  weights: Float64Array | undefined,
): number {
  let beta = 0;
  for (let iter = 0; iter < 8; iter++) {
    let g = -ridge * beta;
    let h = ridge;
    for (let r = 0; r < matched.length; r++) {
      const i = matched[r] as number;
      const mu = 1 / (1 + Math.exp(-((eta[i] as number) + beta)));
      const w = weights ? (weights[i] as number) : 1;
      g += w * ((y[i] as number) - mu);
      h += w * (mu * (1 - mu));
    }
    const step = g / h;
    beta += step;
    if (Math.abs(step) < 1e-6) break;
  }
  return beta;
}

/** The rows of `train` whose mask is 1, in order. */
function matchedRows(mask: Uint8Array, train: Int32Array): Int32Array {
  let count = 0;
  for (let r = 0; r < train.length; r++) count += mask[train[r] as number] as number;
  const out = new Int32Array(count);
  for (let r = 0, m = 0; r < train.length; r++) {
    const i = train[r] as number;
    if (mask[i] === 1) out[m++] = i;
  }
  return out;
}
