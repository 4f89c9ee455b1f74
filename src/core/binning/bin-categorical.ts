import { type TextCounts, textCounts } from './column-counts.js';
import { categoryKey, categoryLevels } from './normalize-category.js';
import type { Bin, BinnedAttribute } from './types.js';

export interface CategoricalBinOptions {
  /** Levels with fewer rows go to "other"; default max(20, 1% of rows). */
  readonly minCount?: number;
  /** At most this many levels keep a bin of their own (the most frequent). */
  readonly maxLevels?: number;
  /** Known synonyms, by normalised key: e.g. "financial technology" -> "fintech". */
  readonly aliases?: ReadonlyMap<string, string>;
}

/**
 * Bins a categorical column: spellings of one level merged, each frequent level its own bin
 * (most frequent first), rare levels grouped in "other", missing values in "missing". The
 * "other" and "missing" bins are always present, so unseen and missing values can be scored.
 *
 * @example binCategorical('industry', ['Fintech', 'fintech', null], null, { minCount: 1 })
 */
export function binCategorical(
  name: string,
  values: readonly (string | null)[],
  _target: Uint8Array | null,
  options: CategoricalBinOptions = {},
): BinnedAttribute {
  return binCountedCategories(name, textCounts(values), options);
}

/** `binCategorical` on a column's distinct values and their rows (`textCounts`). */
export function binCountedCategories(
  name: string,
  counted: TextCounts,
  options: CategoricalBinOptions = {},
): BinnedAttribute {
  const {
    minCount = Math.max(20, Math.ceil(counted.ids.length * 0.01)),
    maxLevels = 12,
    aliases,
  } = options;
  const levels = categoryLevels(counted, aliases ? { aliases } : {});
  const kept = levels.keys
    .filter((k) => (levels.counts.get(k) ?? 0) >= minCount)
    .slice(0, maxLevels);
  const bins: Bin[] = kept.map((k) => ({
    kind: 'categories',
    values: [k],
    label: levels.labelOf(k),
  }));
  bins.push({ kind: 'other', label: 'other' }, { kind: 'missing', label: 'missing' });
  const index = new Map(kept.map((k, i) => [k, i]));
  const other = kept.length;
  // The bin of each distinct value, then of each row: one lookup per row.
  const binOf = Int32Array.from(levels.keyOf, (k) =>
    k === null ? other + 1 : (index.get(k) ?? other),
  );
  const { ids } = counted;
  const codes = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    codes[i] = id < 0 ? other + 1 : (binOf[id] as number);
  }
  return { name, kind: 'categorical', bins, codes };
}

/** The bin of a raw value: its level's bin, "other" when unseen, "missing" when empty. */
export function assignCategoricalBin(
  bins: readonly Bin[],
  value: string | null,
  aliases?: ReadonlyMap<string, string>,
): number {
  const key = categoryKey(value, aliases);
  const last = bins.length - 1;
  if (key === null) return last;
  const found = bins.findIndex((b) => b.kind === 'categories' && b.values.includes(key));
  return found >= 0 ? found : last - 1;
}
