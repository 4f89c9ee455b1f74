import type { FineAttribute } from '../binning/fine-bins.js';
import { type MergedBins, withCodes } from '../binning/merge-bins.js';
import type { BinnedAttribute } from '../binning/types.js';
import { gather } from './fit-space.js';

/**
 * The readable bins of attributes (their fine bins merged, `mergeBins`) with the readable bin
 * of some rows only: `at(rows)` gives each attribute's codes at those rows (indexes into the
 * data, in their order), `every()` at every row of the data (`withCodes`, made once). A code
 * at a row is the readable bin of its fine bin either way, so the codes `at` gives are those
 * of `every` picked at the rows: a cross-validation fold's fit reads its readable bins at its
 * patterns, its tuning rows and its held-out rows, and never makes them for every row (a
 * number's codes are 4 bytes a row per attribute and fold).
 */
export function readableViews(
  fine: readonly FineAttribute[],
  bins: readonly MergedBins[],
): {
  at(rows: Int32Array): BinnedAttribute[];
  every(): BinnedAttribute[];
} {
  let all: BinnedAttribute[] | undefined;
  return {
    at: (rows) =>
      bins.map((b, j) => ({ ...b.attribute, codes: codesAt(fine[j] as FineAttribute, b, rows) })),
    every: () => {
      all ??= bins.map((b, j) => withCodes(fine[j] as FineAttribute, b).attribute);
      return all;
    },
  };
}

/** The readable bin of each of `rows`: a number's fine bin mapped, a category's fine bin itself (`withCodes`). */
function codesAt(fine: FineAttribute, bins: MergedBins, rows: Int32Array): Int32Array {
  const codes = fine.codes;
  if (fine.kind !== 'numeric') return gather(codes, rows);
  const out = new Int32Array(rows.length);
  const map = bins.map;
  for (let r = 0; r < rows.length; r++) out[r] = map[codes[rows[r] as number] as number] as number;
  return out;
}
