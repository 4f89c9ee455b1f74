import type { Bin, BinnedAttribute } from './types.js';

/**
 * A binned attribute whose `codes` (every row's bin: `map` of its fine bin) are computed when
 * first read, once. Readable bins are made for each attribute in each fold's selection, where
 * only the map from fine bins is read: on a million rows that saves a pass and 4 MB per
 * attribute and fold.
 */
export function mappedCodes(
  attribute: {
    readonly name: string;
    readonly kind: BinnedAttribute['kind'];
    readonly bins: readonly Bin[];
  },
  fineCodes: Int32Array,
  map: Int32Array,
): BinnedAttribute {
  let codes: Int32Array | undefined;
  return Object.defineProperty({ ...attribute }, 'codes', {
    get: () => {
      if (!codes) {
        // A plain loop: it runs over every row.
        codes = new Int32Array(fineCodes.length);
        for (let i = 0; i < codes.length; i++) codes[i] = map[fineCodes[i] as number] as number;
      }
      return codes;
    },
    enumerable: true,
  }) as BinnedAttribute;
}
