import { percent } from '../format/percent.js';
/**
 * Groups key phrases into themes, by two rules a reader can check (docs/voc.md):
 * 1. **Folding by head.** A phrase folds into a longer phrase ending the same way when most
 *    of its documents (FOLD_SHARE) hold the longer one: "pos integration" into "shopify pos
 *    integration" when four in five of its documents say "shopify"; otherwise both stay.
 * 2. **Merging by co-occurrence.** Two phrases that appear together in at least half of the
 *    documents holding either (Jaccard >= MERGE_JACCARD) are one theme: "cheap plan" and
 *    "small store" when customers write them in the same breath.
 * Only phrases used by at least `minAccounts` accounts are considered.
 */

/** Phrase statistics of one body of text (one lens). */
export interface PhraseTable {
  readonly phrases: readonly string[];
  /** Documents holding each phrase. */
  readonly docs: ArrayLike<number>;
  /** Distinct accounts holding each phrase. */
  readonly accounts: ArrayLike<number>;
  /** Calls `visit` with each document's distinct phrase ids. */
  readonly forEachDocument: (visit: (phraseIds: ArrayLike<number>) => void) => void;
}

export interface ThemeDraft {
  /** The phrase that names the theme: its most frequent member. */
  readonly label: string;
  /** Every member phrase, most frequent first. */
  readonly phrases: readonly string[];
  /** Why members were grouped, in words (empty for a single phrase). */
  readonly grouping: string;
}

export const FOLD_SHARE = 0.8;
export const MERGE_JACCARD = 0.5;
/** Phrases considered, most used first: bounds the co-occurrence table. */
const CANDIDATES = 400;

/**
 * Builds at most `maxThemes` themes, most accounts first; returns them with, for each phrase
 * id, the index of its theme (-1 for none).
 *
 * @example buildThemes(table, { minAccounts: 5, maxThemes: 30 })
 */
export function buildThemes(
  table: PhraseTable,
  options: { readonly minAccounts: number; readonly maxThemes: number },
): { themes: ThemeDraft[]; themeOf: Int32Array } {
  const { phrases, docs, accounts } = table;
  const cand = [...phrases.keys()]
    .filter((i) => (accounts[i] ?? 0) >= options.minAccounts)
    .sort(byUse(phrases, docs, accounts))
    .slice(0, CANDIDATES);
  const v: Candidates = {
    count: cand.length,
    text: (k) => phrases[cand[k] as number] as string,
    docs: (k) => docs[cand[k] as number] ?? 0,
    co: coOccurrence(table, cand),
  };
  const why = new Map<number, string>();
  const find = merge(v, fold(v, why), why);
  const { text, docs: d } = v;
  const members = new Map<number, number[]>();
  for (let k = 0; k < v.count; k++) {
    const g = find(k);
    members.set(g, [...(members.get(g) ?? []), k]);
  }
  const drafts = [...members.values()].map((ks) => {
    const sorted = [...ks].sort(
      (a, b) => d(b) - d(a) || text(b).length - text(a).length || (text(a) < text(b) ? -1 : 1),
    );
    const use = Math.max(...ks.map((k) => accounts[cand[k] as number] ?? 0));
    return {
      ks: sorted,
      use,
      draft: {
        label: text(sorted[0] as number),
        phrases: sorted.map(text),
        grouping: sorted.flatMap((k) => (why.has(k) ? [why.get(k) as string] : [])).join('; '),
      },
    };
  });
  drafts.sort((a, b) => b.use - a.use || (a.draft.label < b.draft.label ? -1 : 1));
  const kept = drafts.slice(0, options.maxThemes);
  const themeOf = new Int32Array(phrases.length).fill(-1);
  kept.forEach((t, i) => {
    for (const k of t.ks) themeOf[cand[k] as number] = i;
  });
  return { themes: kept.map((t) => t.draft), themeOf };
}

/** The candidate phrases by slot k: their text, documents and documents shared with another. */
interface Candidates {
  readonly count: number;
  readonly text: (k: number) => string;
  readonly docs: (k: number) => number;
  readonly co: (a: number, b: number) => number;
}

/** Documents holding both of two candidates, counted in one pass over the documents. */
function coOccurrence(table: PhraseTable, cand: readonly number[]) {
  const slot = new Map(cand.map((id, k) => [id, k]));
  const c = cand.length;
  const together = new Map<number, number>();
  table.forEachDocument((ids) => {
    const present: number[] = [];
    for (let k = 0; k < ids.length; k++) {
      const s = slot.get(ids[k] as number);
      if (s !== undefined) present.push(s);
    }
    present.sort((a, b) => a - b);
    for (let a = 0; a < present.length; a++)
      for (let b = a + 1; b < present.length; b++) {
        const key = (present[a] as number) * c + (present[b] as number);
        together.set(key, (together.get(key) ?? 0) + 1);
      }
  });
  return (a: number, b: number) => together.get(Math.min(a, b) * c + Math.max(a, b)) ?? 0;
}

/** 1. Folding: each phrase into the longer phrase with its ending that covers most of it. */
function fold(v: Candidates, why: Map<number, string>): number[] {
  const { count: c, text, docs: d } = v;
  const parent = Array.from({ length: c }, (_, k) => k);
  for (let k = 0; k < c; k++) {
    let best = -1;
    for (let l = 0; l < c; l++)
      if (l !== k && text(l).endsWith(` ${text(k)}`) && (best < 0 || d(l) > d(best))) best = l;
    if (best >= 0 && d(best) >= FOLD_SHARE * d(k)) {
      parent[k] = best;
      why.set(
        k,
        `"${text(k)}" folded into "${text(best)}" (${percent(d(best) / d(k))} of its documents)`,
      );
    }
  }
  const root = (k: number): number => (parent[k] === k ? k : root(parent[k] as number));
  return parent.map((_, k) => root(k));
}

/** 2. Merging roots that co-occur; returns each candidate's group. */
function merge(v: Candidates, group: number[], why: Map<number, string>): (k: number) => number {
  const { text, docs: d } = v;
  const find = (k: number): number => (group[k] === k ? k : find(group[k] as number));
  const roots = [...new Set(group)];
  for (let a = 0; a < roots.length; a++)
    for (let b = a + 1; b < roots.length; b++) {
      const x = roots[a] as number;
      const y = roots[b] as number;
      // A phrase and one ending like it always co-occur: folding alone decides for them.
      if (text(x).endsWith(` ${text(y)}`) || text(y).endsWith(` ${text(x)}`)) continue;
      const both = v.co(x, y);
      const jaccard = both / (d(x) + d(y) - both);
      if (jaccard >= MERGE_JACCARD && find(x) !== find(y)) {
        group[find(y)] = find(x);
        why.set(
          y,
          `"${text(y)}" appears with "${text(x)}" (${percent(jaccard)} of the documents holding either)`,
        );
      }
    }
  return find;
}

function byUse(phrases: readonly string[], docs: ArrayLike<number>, accounts: ArrayLike<number>) {
  return (a: number, b: number) =>
    (accounts[b] ?? 0) - (accounts[a] ?? 0) ||
    (docs[b] ?? 0) - (docs[a] ?? 0) ||
    ((phrases[a] as string) < (phrases[b] as string) ? -1 : 1);
}
