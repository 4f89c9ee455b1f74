import type { Bin } from '../binning/types.js';
import { categoryKey } from '../parse/cell.js';
import type { StoredBin } from './definition.js';

/**
 * A stored bin back to a working bin: null ends of ranges are infinite again, and category
 * keys as today's `categoryKey` writes them (ICPs written before booleans had one key kept
 * 'true' and 'false').
 */
export function toBin(b: StoredBin): Bin {
  if (b.kind === 'range') {
    return {
      kind: 'range',
      lo: b.lo ?? Number.NEGATIVE_INFINITY,
      hi: b.hi ?? Number.POSITIVE_INFINITY,
      label: b.label,
    };
  }
  if (b.kind === 'categories') return { ...b, values: binKeys(b.values) };
  return b;
}

const converted = new WeakMap<object, readonly Bin[]>();

/** The working bins of a stored attribute, converted once per attribute object (scoring is hot). */
export function toBins(attr: {
  readonly bins: readonly { readonly bin: StoredBin }[];
}): readonly Bin[] {
  let bins = converted.get(attr);
  if (!bins) {
    bins = attr.bins.map((b) => toBin(b.bin));
    converted.set(attr, bins);
  }
  return bins;
}

/** Stored category keys as today's `categoryKey` writes them (older ICPs kept 'true' for yes). */
export function binKeys(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => categoryKey(v) ?? v))];
}
