import type { FineAttribute } from '../binning/fine-bins.js';
import type { BinnedAttribute } from '../binning/types.js';
import { beamSearch, type Segment } from '../segments/beam-search.js';
import type { DiscoveryInput } from './run-discovery.js';
import { univariateBins, univariateFolds } from './univariate-bins.js';

/** The anti-ICP: segments where the bad-value outcome is frequent, among the rows it concerns. */
export function findAnti(
  attrs: readonly BinnedAttribute[],
  anti: NonNullable<DiscoveryInput['anti']>,
  dispersion: number,
): Segment[] {
  const rows: number[] = [];
  for (let i = 0; i < anti.include.length; i++) if (anti.include[i] === 1) rows.push(i);
  const sub = attrs.map((a) => ({
    ...a,
    codes: Int32Array.from(rows, (i) => a.codes[i] as number),
  }));
  const y = Uint8Array.from(rows, (i) => anti.target[i] as number);
  if (rows.length === 0 || y.every((v) => v === 0)) return [];
  return beamSearch(sub, y, { dispersion, maxDepth: 3, minCount: 20 });
}

/**
 * The attributes as the anti-ICP search sees them: numbers in bins cut for the bad-value
 * outcome on the rows it concerns, categories level by level.
 */
export function antiAttributes(
  fines: readonly FineAttribute[],
  anti: NonNullable<DiscoveryInput['anti']>,
  seed: number,
): BinnedAttribute[] {
  const rows = Int32Array.from({ length: anti.include.length }, (_, i) => i).filter(
    (i) => anti.include[i] === 1,
  );
  const folds = univariateFolds(anti.target, rows, seed);
  return fines.map((f) =>
    f.kind === 'numeric' ? univariateBins(f, anti.target, folds).attribute : f,
  );
}
