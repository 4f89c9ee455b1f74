import type { FineAttribute } from '../binning/fine-bins.js';
import type { BinnedAttribute } from '../binning/types.js';
import { gather } from '../scorecard/fit-space.js';
import { beamSearch, type Segment } from '../segments/beam-search.js';
import type { DiscoveryInput } from './run-discovery.js';

/** The anti-ICP: segments where the bad-value outcome is frequent, among the rows it concerns. */
export function findAnti(
  attrs: readonly BinnedAttribute[],
  anti: NonNullable<DiscoveryInput['anti']>,
  dispersion: number,
): Segment[] {
  let size = 0;
  for (let i = 0; i < anti.include.length; i++) if (anti.include[i] === 1) size++;
  const rows = new Int32Array(size);
  for (let i = 0, k = 0; i < anti.include.length; i++) if (anti.include[i] === 1) rows[k++] = i;
  const sub = attrs.map((a) => ({ ...a, codes: gather(a.codes, rows) }));
  const y = new Uint8Array(size);
  for (let k = 0; k < size; k++) y[k] = anti.target[rows[k] as number] as number;
  if (rows.length === 0 || y.every((v) => v === 0)) return [];
  return beamSearch(sub, y, { dispersion, maxDepth: 3, minCount: 20 });
}

/**
 * The attributes as the anti-ICP search sees them: in their fine bins (a number in about 40
 * equal-count bins, a category level by level), so that the search can draw a line where the
 * bad outcome starts ("Retail and Employees < 50"). Bins merged for the bad outcome alone are
 * too coarse there: a trap that is small retailers is an interaction, which one attribute's
 * bins cannot see, and on the sample world they merged every size under 184 into one bin.
 */
export function antiAttributes(fines: readonly FineAttribute[]): BinnedAttribute[] {
  return [...fines];
}
