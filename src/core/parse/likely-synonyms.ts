/** One level of a category column: its key, its most frequent spelling and its rows. */
export interface Level {
  readonly key: string;
  readonly label: string;
  readonly count: number;
}

/** Two levels that may be one category, and why they look alike. */
export interface LikelySynonym {
  /** The more frequent level: the label to keep. */
  readonly keep: Level;
  readonly other: Level;
  readonly why: 'spacing' | 'spelling' | 'prefix' | 'acronym';
}

/**
 * Pairs of levels that may be spellings of one category: the same letters spaced apart
 * ("Fin Tech", "Fintech"), one or two letters apart ("Fintec", "Fintech"; short keys must
 * match closer), one a whole-word beginning of the other ("Health", "Health Care"), or one
 * the initials of the other ("SaaS", "Software as a Service"). A suggestion for the config's
 * `values:`, never applied by itself. Most rows first.
 *
 * @example likelySynonyms([{ key: 'fintech', label: 'Fintech', count: 40 }, { key: 'fin tech', label: 'Fin Tech', count: 3 }])
 */
export function likelySynonyms(levels: readonly Level[], max = 5): LikelySynonym[] {
  const found: LikelySynonym[] = [];
  for (let i = 0; i < levels.length; i++) {
    for (let j = i + 1; j < levels.length; j++) {
      const a = levels[i] as Level;
      const b = levels[j] as Level;
      const why = resemblance(a.key, b.key);
      if (!why) continue;
      const [keep, other] =
        a.count > b.count || (a.count === b.count && a.key < b.key) ? [a, b] : [b, a];
      found.push({ keep, other, why });
    }
  }
  return found
    .sort(
      (x, y) =>
        y.keep.count + y.other.count - (x.keep.count + x.other.count) ||
        (x.other.key < y.other.key ? -1 : 1),
    )
    .slice(0, max);
}

function resemblance(a: string, b: string): LikelySynonym['why'] | undefined {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.replaceAll(' ', '') === long.replaceAll(' ', '')) return 'spacing';
  const allowed = short.length >= 10 ? 2 : short.length >= 5 ? 1 : 0;
  if (allowed > 0 && !numbered(short, long) && distance(short, long, allowed) <= allowed)
    return 'spelling';
  if (short.length >= 4 && long.startsWith(`${short} `)) return 'prefix';
  const words = long.split(' ').filter((w) => w !== '');
  if (
    words.length >= 2 &&
    !short.includes(' ') &&
    short.length >= 2 &&
    words.map((w) => w[0]).join('') === short
  )
    return 'acronym';
  return undefined;
}

/**
 * Levels of one series, not misspellings: they differ only in digits ("Plan 2018", "Plan
 * 2019") or in one short word ("Series A", "Series B"; "Tier 1", "Tier 2").
 */
function numbered(a: string, b: string): boolean {
  if (a.replace(/[0-9]+/g, '#') === b.replace(/[0-9]+/g, '#')) return true;
  const x = a.split(' ');
  const y = b.split(' ');
  if (x.length !== y.length) return false;
  const differ = x.flatMap((w, k) => (w === y[k] ? [] : [k]));
  return (
    differ.length === 1 &&
    (x[differ[0]!] as string).length <= 2 &&
    (y[differ[0]!] as string).length <= 2
  );
}

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let k = 1; k <= b.length; k++) {
      const cost = a[i - 1] === b[k - 1] ? 0 : 1;
      const v = Math.min(
        (prev[k] as number) + 1,
        (row[k - 1] as number) + 1,
        (prev[k - 1] as number) + cost,
      );
      row.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length] as number;
}
