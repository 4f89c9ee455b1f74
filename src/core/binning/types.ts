/**
 * A bin of one attribute. Closed set, switch on `kind`:
 * - `range`: numeric values in [lo, hi) (lo = -Infinity / hi = Infinity at the ends);
 * - `categories`: one or more (normalised) category values;
 * - `other`: rare categories grouped together, and categories never seen in training;
 * - `missing`: empty / null values, always their own bin.
 */
export type Bin =
  | { readonly kind: 'range'; readonly lo: number; readonly hi: number; readonly label: string }
  | { readonly kind: 'categories'; readonly values: readonly string[]; readonly label: string }
  | { readonly kind: 'other'; readonly label: string }
  | { readonly kind: 'missing'; readonly label: string };

/**
 * One attribute after binning: its bins and, for every row, the index of its bin.
 * `codes[i]` is an index into `bins`. This is the common currency of evidence tables,
 * segment search and the scorecard.
 */
export interface BinnedAttribute {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  readonly bins: readonly Bin[];
  readonly codes: Int32Array;
}
