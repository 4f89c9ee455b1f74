import { categoryKey } from '../parse/cell.js';
import { type TextCounts, textCounts } from './column-counts.js';

/** The key under which spellings of one category meet; defined with every other cell rule in core/parse. */
export { categoryKey };

/** Levels of a categorical column: counts per key and the label shown for each. */
export interface CategoryLevels {
  /** Keys by descending count (ties alphabetical). */
  readonly keys: readonly string[];
  readonly counts: ReadonlyMap<string, number>;
  /** The most frequent original spelling of a key (ties: the alphabetically first). */
  labelOf(key: string): string;
  /** The key of each distinct value of the column's `TextCounts` (null = missing). */
  readonly keyOf: readonly (string | null)[];
}

export interface CategoryDictionary extends CategoryLevels {
  /** The key of each input row (null = missing). */
  readonly rowKeys: readonly (string | null)[];
}

/**
 * Groups the spellings of each category.
 *
 * @example buildCategoryDictionary(['Fintech', 'FinTech', 'fintech ']).labelOf('fintech') // => 'Fintech' (tie broken alphabetically)
 */
export function buildCategoryDictionary(
  values: readonly (string | null)[],
  options: { aliases?: ReadonlyMap<string, string> } = {},
): CategoryDictionary {
  const counted = textCounts(values);
  const levels = categoryLevels(counted, options);
  const rowKeys = Array.from(counted.ids, (id) => (id < 0 ? null : (levels.keyOf[id] ?? null)));
  return { ...levels, rowKeys };
}

/**
 * The levels of a column from its distinct values and their rows: each value's key (the cell
 * rules run once per distinct value), the rows of each key and its most frequent spelling.
 */
export function categoryLevels(
  counted: TextCounts,
  options: { aliases?: ReadonlyMap<string, string> } = {},
): CategoryLevels {
  const { aliases } = options;
  const counts = new Map<string, number>();
  const spellings = new Map<string, Map<string, number>>();
  const keyOf = counted.values.map((v, j) => {
    const key = categoryKey(v, aliases);
    if (key === null) return null;
    const rows = counted.counts[j] as number;
    counts.set(key, (counts.get(key) ?? 0) + rows);
    let s = spellings.get(key);
    if (!s) {
      s = new Map();
      spellings.set(key, s);
    }
    const shown = v.trim();
    s.set(shown, (s.get(shown) ?? 0) + rows);
    return key;
  });
  const labels = new Map<string, string>();
  for (const [key, s] of spellings) {
    let best = '';
    let bestCount = -1;
    for (const [spelling, c] of s) {
      if (c > bestCount || (c === bestCount && spelling < best)) {
        best = spelling;
        bestCount = c;
      }
    }
    labels.set(key, best);
  }
  const keys = [...counts.keys()].sort(
    (a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return { keys, counts, keyOf, labelOf: (key) => labels.get(key) ?? key };
}
