import type { Bin } from '../binning/types.js';
import type { StoredBin } from './definition.js';

/** A stored bin back to a working bin: null ends of ranges are infinite again. */
export function toBin(b: StoredBin): Bin {
  if (b.kind === 'range') {
    return {
      kind: 'range',
      lo: b.lo ?? Number.NEGATIVE_INFINITY,
      hi: b.hi ?? Number.POSITIVE_INFINITY,
      label: b.label,
    };
  }
  return b;
}
