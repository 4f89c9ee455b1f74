import { describe, expect, it } from 'vitest';
import { buildThemes, type PhraseTable } from './build-themes.js';

/** A phrase table from documents given as [account, phrases]. */
function table(docs: readonly (readonly [string, readonly string[]])[]): PhraseTable {
  const phrases: string[] = [];
  const ids = new Map<string, number>();
  const idsOf = docs.map(([, ps]) =>
    ps.map((p) => {
      if (!ids.has(p)) {
        ids.set(p, phrases.length);
        phrases.push(p);
      }
      return ids.get(p) as number;
    }),
  );
  const count = new Array(phrases.length).fill(0);
  const accounts = phrases.map(() => new Set<string>());
  docs.forEach(([a], k) => {
    for (const id of idsOf[k] ?? []) {
      count[id]++;
      accounts[id]?.add(a);
    }
  });
  return {
    phrases,
    docs: count,
    accounts: accounts.map((s) => s.size),
    forEachDocument: (visit) => {
      for (const d of idsOf) visit(d);
    },
  };
}

const repeat = (n: number, f: (i: number) => readonly [string, readonly string[]]) =>
  Array.from({ length: n }, (_, i) => f(i));

describe('buildThemes', () => {
  it('folds a phrase into the longer one its documents nearly always hold, and keeps it apart otherwise', () => {
    const t = table([
      ...repeat(9, (i) => [`a${i}`, ['shopify pos integration', 'pos integration', 'integration']]),
      ...repeat(1, (i) => [`b${i}`, ['pos integration', 'integration']]),
      ...repeat(8, (i) => [`c${i}`, ['crm integration', 'integration']]),
    ]);
    const { themes, themeOf } = buildThemes(t, { minAccounts: 5, maxThemes: 10 });
    expect(themes).toEqual([
      {
        label: 'integration',
        phrases: ['integration'],
        grouping: '',
      },
      {
        // Named by its most used member.
        label: 'pos integration',
        phrases: ['pos integration', 'shopify pos integration'],
        grouping: '"pos integration" folded into "shopify pos integration" (90% of its documents)',
      },
      { label: 'crm integration', phrases: ['crm integration'], grouping: '' },
    ]);
    expect([...themeOf]).toEqual([1, 1, 0, 2]);
  });

  it('merges phrases written together in at least half of their documents', () => {
    const t = table([
      ...repeat(6, (i) => [`a${i}`, ['cheap plan', 'small store']]),
      ...repeat(2, (i) => [`b${i}`, ['cheap plan']]),
      ...repeat(6, (i) => [`c${i}`, ['dark mode']]),
    ]);
    const { themes } = buildThemes(t, { minAccounts: 5, maxThemes: 10 });
    expect(themes.map((x) => x.phrases)).toEqual([['cheap plan', 'small store'], ['dark mode']]);
    expect(themes[0]?.grouping).toBe(
      '"small store" appears with "cheap plan" (75% of the documents holding either)',
    );
  });

  it('leaves out phrases used by fewer accounts than asked, and keeps the most used themes', () => {
    const t = table([
      ...repeat(4, (i) => [`a${i}`, ['rare phrase']]),
      ...repeat(7, (i) => [`b${i}`, ['password reset']]),
      ...repeat(6, (i) => [`c${i}`, ['dark mode']]),
    ]);
    expect(buildThemes(t, { minAccounts: 5, maxThemes: 1 }).themes.map((x) => x.label)).toEqual([
      'password reset',
    ]);
    expect(buildThemes(t, { minAccounts: 5, maxThemes: 5 }).themes.map((x) => x.label)).toEqual([
      'password reset',
      'dark mode',
    ]);
  });
});
