import type { BinnedAttribute } from '../binning/types.js';
import type { InteractionTerm } from './interactions.js';
import {
  pairCandidates,
  type pairCells,
  pairTable,
  type ScanGroups,
  sumByGroup,
} from './pair-tables.js';

/** What one search scans: the candidates' attributes and conditions, and the rows it looks at. */
export interface Search {
  readonly attrs: readonly BinnedAttribute[];
  readonly spans: readonly [number, number][][];
  readonly among: readonly number[];
  readonly cellsOf: ReturnType<typeof pairCells>;
  readonly groups: ScanGroups | undefined;
  readonly y: Uint8Array;
  readonly scan: Int32Array;
  readonly weights: Float64Array | undefined;
  /** Smallest match, and all rows (weighted), in the scanned rows. */
  readonly minCount: number;
  readonly total: number;
  /** Per pair of attributes, `pairCandidates` once looked at. */
  readonly candidates: Map<number, Int32Array>;
  /**
   * `scanSums`' arrays, made on the first step and written whole at every step: a step's
   * sums are read within the step only, and new arrays per step were a few hundred megabytes
   * outside the heap on a million rows.
   */
  sums: { row: Sums; group: Sums | undefined } | undefined;
}

interface Sums {
  readonly residual: Float64Array;
  readonly variance: Float64Array;
}

const sumsOf = (length: number): Sums => ({
  residual: new Float64Array(length),
  variance: new Float64Array(length),
});

/** Scores within this relative margin of the best so far are a tie (rounding of sums, not data). */
const TIE = 1 + 1e-9;

/** Each scanned row's residual and variance (weighted) under `eta`, or their sums per group. */
function scanSums(search: Search, eta: Float64Array): Sums {
  const { groups, y, scan, weights } = search;
  search.sums ??= { row: sumsOf(scan.length), group: groups && sumsOf(groups.first.length) };
  const { residual, variance } = search.sums.row;
  for (let r = 0; r < scan.length; r++) {
    const i = scan[r] as number;
    const mu = 1 / (1 + Math.exp(-(eta[i] as number)));
    const w = weights ? (weights[i] as number) : 1;
    residual[r] = w * ((y[i] as number) - mu);
    variance[r] = w * (mu * (1 - mu));
  }
  const sums = search.sums.group;
  if (!groups || !sums) return search.sums.row;
  sumByGroup(groups, residual, variance, sums.residual, sums.variance);
  return sums;
}

export function bestCandidate(
  search: Search,
  eta: Float64Array,
  taken: ReadonlySet<string>,
): InteractionTerm | undefined {
  const { attrs, spans, among, cellsOf } = search;
  const { residual, variance } = scanSums(search, eta);
  let best: InteractionTerm | undefined;
  let bestScore = 0;
  for (const a of among) {
    for (const b of among) {
      if (b <= a) continue;
      // Only the candidates whose match is neither too small nor too large, found once per
      // search; a pair without any needs no table.
      const list = candidatesOf(search, a, b);
      if (list.length === 0) continue;
      const sa = spans[a] as [number, number][];
      const sb = spans[b] as [number, number][];
      const table = pairTable(
        cellsOf(a, b),
        (attrs[b] as BinnedAttribute).bins.length,
        residual,
        variance,
      );
      const R = table.residual;
      const V = table.variance;
      for (let c = 0; c < list.length; c += 6) {
        // The rectangle's sums as `pairTable`'s `sum` adds them: the same numbers, same order.
        const c11 = list[c] as number;
        const c01 = list[c + 1] as number;
        const c10 = list[c + 2] as number;
        const c00 = list[c + 3] as number;
        const g = (R[c11] as number) - (R[c01] as number) - (R[c10] as number) + (R[c00] as number);
        const h = (V[c11] as number) - (V[c01] as number) - (V[c10] as number) + (V[c00] as number);
        const score = h > 0 ? (g * g) / h : 0;
        // Two conditions matching the same rows tie exactly, but their sums are added in a
        // different order: a tie within rounding keeps the earlier candidate, so the term
        // chosen does not depend on how an engine summed the counts.
        if (score <= bestScore * TIE) continue;
        const [a0, a1] = sa[list[c + 4] as number] as [number, number];
        const [b0, b1] = sb[list[c + 5] as number] as [number, number];
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
  return best;
}

/** `pairCandidates` of attributes a and b, found on the search's first look at the pair. */
function candidatesOf(search: Search, a: number, b: number): Int32Array {
  const key = a * search.attrs.length + b;
  let list = search.candidates.get(key);
  if (!list) {
    const sa = search.spans[a] as [number, number][];
    const sb = search.spans[b] as [number, number][];
    list =
      sa.length === 0 || sb.length === 0
        ? new Int32Array(0)
        : pairCandidates(
            search.cellsOf(a, b).count,
            (search.attrs[b] as BinnedAttribute).bins.length,
            sa,
            sb,
            search.minCount,
            search.total,
          );
    search.candidates.set(key, list);
  }
  return list;
}

/** A term's conditions as one key (the terms a search has taken). */
export function termKey(t: InteractionTerm): string {
  return t.conditions.map((c) => `${c.attribute}:${c.from}-${c.to}`).join('&');
}
