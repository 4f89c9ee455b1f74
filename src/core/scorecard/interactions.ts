import type { BinnedAttribute } from '../binning/types.js';
import type { SegmentCondition } from '../segments/beam-search.js';

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
}

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
  const minCount = options.minCount / every;
  const cellsOf = pairCells(attrs, scan, (among.length * (among.length - 1)) / 2);
  const add = (mask: Uint8Array, effect: number) => {
    for (let i = 0; i < eta.length; i++) if (mask[i] === 1) eta[i] = (eta[i] as number) + effect;
  };
  return {
    step() {
      const term = bestCandidate(attrs, spans, among, cellsOf, y, scan, eta, taken, minCount);
      if (!term) return undefined;
      taken.add(termKey(term));
      const mask = interactionMask(term, attrs);
      let effect = fitEffect(mask, y, train, eta, options.ridge);
      add(mask, effect);
      if (options.adjust) {
        // Let the two attributes' own points settle with the new term, then refit the term.
        for (const c of term.conditions) options.adjust(c.attribute, eta);
        add(mask, -effect);
        effect = fitEffect(mask, y, train, eta, options.ridge);
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

function bestCandidate(
  attrs: readonly BinnedAttribute[],
  spans: readonly [number, number][][],
  among: readonly number[],
  cellsOf: ReturnType<typeof pairCells>,
  y: Uint8Array,
  train: Int32Array,
  eta: Float64Array,
  taken: ReadonlySet<string>,
  minCount: number,
): InteractionTerm | undefined {
  const residual = new Float64Array(train.length);
  const variance = new Float64Array(train.length);
  for (let r = 0; r < train.length; r++) {
    const i = train[r] as number;
    const mu = 1 / (1 + Math.exp(-(eta[i] as number)));
    residual[r] = (y[i] as number) - mu;
    variance[r] = mu * (1 - mu);
  }
  let best: InteractionTerm | undefined;
  let bestScore = 0;
  for (const a of among) {
    for (const b of among) {
      if (b <= a) continue;
      const sa = spans[a] as [number, number][];
      const sb = spans[b] as [number, number][];
      if (sa.length === 0 || sb.length === 0) continue;
      const table = pairTable(
        cellsOf(a, b),
        (attrs[b] as BinnedAttribute).bins.length,
        residual,
        variance,
      );
      for (const [a0, a1] of sa) {
        for (const [b0, b1] of sb) {
          const count = table.sum(table.count, a0, a1, b0, b1);
          if (count < minCount || count > train.length - minCount) continue;
          const g = table.sum(table.residual, a0, a1, b0, b1);
          const h = table.sum(table.variance, a0, a1, b0, b1);
          const score = h > 0 ? (g * g) / h : 0;
          if (score <= bestScore) continue;
          const term: InteractionTerm = {
            conditions: [
              { attribute: a, from: a0, to: a1 },
              { attribute: b, from: b0, to: b1 },
            ],
          };
          if (taken.has(termKey(term))) continue;
          best = term;
          bestScore = score;
        }
      }
    }
  }
  return best;
}

/** Cell indexes kept in memory at most, over all pairs of one search. */
const CACHED_CELLS = 40_000_000;

/**
 * Per pair of attributes, the cell of each scanned row in their 2-D table (kept while memory
 * allows: the rows do not change during a search) and the prefix sums of rows per cell.
 */
function pairCells(attrs: readonly BinnedAttribute[], rows: Int32Array, pairs: number) {
  const cache = new Map<number, { cells: Int32Array; count: Float64Array }>();
  const cacheable = pairs * rows.length <= CACHED_CELLS;
  return (a: number, b: number) => {
    const key = a * attrs.length + b;
    const hit = cache.get(key);
    if (hit) return hit;
    const ca = (attrs[a] as BinnedAttribute).codes;
    const cb = (attrs[b] as BinnedAttribute).codes;
    const w = (attrs[b] as BinnedAttribute).bins.length + 1;
    const cells = new Int32Array(rows.length);
    const count = new Float64Array(((attrs[a] as BinnedAttribute).bins.length + 1) * w);
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r] as number;
      const x = ((ca[i] as number) + 1) * w + (cb[i] as number) + 1;
      cells[r] = x;
      count[x] = (count[x] as number) + 1;
    }
    prefixSums(count, w);
    const entry = { cells, count };
    if (cacheable) cache.set(key, entry);
    return entry;
  };
}

/** Sums of residuals, variances and rows over the bins of two attributes, as 2-D prefix sums. */
function pairTable(
  pair: { cells: Int32Array; count: Float64Array },
  kb: number,
  residual: Float64Array,
  variance: Float64Array,
) {
  const w = kb + 1;
  const R = new Float64Array(pair.count.length);
  const V = new Float64Array(pair.count.length);
  const cells = pair.cells;
  for (let r = 0; r < cells.length; r++) {
    const x = cells[r] as number;
    R[x] = (R[x] as number) + (residual[r] as number);
    V[x] = (V[x] as number) + (variance[r] as number);
  }
  prefixSums(R, w);
  prefixSums(V, w);
  const sum = (M: Float64Array, a0: number, a1: number, b0: number, b1: number) =>
    (M[(a1 + 1) * w + b1 + 1] as number) -
    (M[a0 * w + b1 + 1] as number) -
    (M[(a1 + 1) * w + b0] as number) +
    (M[a0 * w + b0] as number);
  return { residual: R, variance: V, count: pair.count, sum };
}

/** In place: each cell becomes the sum of the cells above and to its left (row width w). */
function prefixSums(M: Float64Array, w: number): void {
  const rows = M.length / w;
  for (let x = 1; x < rows; x++)
    for (let z = 1; z < w; z++)
      M[x * w + z] =
        (M[x * w + z] as number) +
        (M[(x - 1) * w + z] as number) +
        (M[x * w + z - 1] as number) -
        (M[(x - 1) * w + z - 1] as number);
}

/** The effect of one new term with everything else held fixed: a ridge-penalised 1-D Newton fit. */
function fitEffect(
  mask: Uint8Array,
  y: Uint8Array,
  train: Int32Array,
  eta: Float64Array,
  ridge: number,
): number {
  let beta = 0;
  for (let iter = 0; iter < 8; iter++) {
    let g = -ridge * beta;
    let h = ridge;
    for (const i of train) {
      if (mask[i] !== 1) continue;
      const mu = 1 / (1 + Math.exp(-((eta[i] as number) + beta)));
      g += (y[i] as number) - mu;
      h += mu * (1 - mu);
    }
    const step = g / h;
    beta += step;
    if (Math.abs(step) < 1e-6) break;
  }
  return beta;
}

function termKey(t: InteractionTerm): string {
  return t.conditions.map((c) => `${c.attribute}:${c.from}-${c.to}`).join('&');
}
