import { benjaminiHochberg } from '../../core/stats/multiple-testing.js';
import type { ThemeDraft } from '../../core/text/build-themes.js';
import {
  compareRatios,
  mentionRatio,
  raisingShare,
  type ThemeGroupSums,
} from '../../core/text/theme-stats.js';
import {
  VOC_GROUPS,
  VOC_LENSES,
  type VocGroup,
  type VocGroupStats,
  type VocLens,
  type VocQuote,
  type VocTheme,
  type VocTier,
} from '../../core/text/voc-result.js';
import { exactSum } from '../../core/sql/exact-sum.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num, type Row, str } from '../../data/db/database.js';
import type { TableRef } from '../analysis/table-ref.js';
import { GROUPS_TABLE } from './voc-groups.js';
import { MENTIONS_TABLE } from './extract-themes.js';
import { DOCS_TABLE } from './voc-documents.js';

/** False discovery rate at which a theme is said to lean to one side. */
export const FDR = 0.05;
/**
 * And by how much at least: one side's mention ratio over the other's. Mentions are shares of
 * what a group writes, so a group that writes much about one subject writes a little less
 * about every other; with thousands of documents such shifts of 10% pass any test.
 */
export const MIN_LIFT = 1.5;
const QUOTE_CHARS = 240;
const TOP_ACCOUNTS = 20;

type Sums = Map<VocGroup, ThemeGroupSums>;

/** Sums of doubles that come out the same every run (DuckDB adds in parallel, in any order). */
const exact = (expr: string) => exactSum(expr, undefined, 18);

/**
 * Every theme's numbers by group (docs/voc.md): documents, accounts, the share of each tier's
 * accounts raising it (Wilson), the mention ratio against what the group's amount and kinds of
 * text would give (accounts as clusters), a test of A-B against the other tiers and of ideal
 * against the rest, Benjamini-Hochberg over all of them; then quotes from the side a theme
 * leans to, and the accounts raising it most.
 */
export async function themesByTier(
  db: Database,
  tiers: TableRef,
  drafts: Readonly<Record<VocLens, readonly ThemeDraft[]>>,
  options: { readonly minAccounts: number; readonly quotes: number; readonly ideal: boolean },
): Promise<VocTheme[]> {
  const partial: (Omit<VocTheme, 'side' | 'ideal' | 'tests' | 'quotes'> & { sums: Sums })[] = [];
  for (const lens of VOC_LENSES) {
    const list = drafts[lens];
    if (list.length === 0) continue;
    const sums = await groupSums(db, lens);
    const totals = await themeTotals(db, lens);
    const top = await topAccounts(db, tiers, lens);
    list.forEach((draft, t) => {
      const s: Sums = new Map(
        VOC_GROUPS.map((g) => [g, sums.get(`${t}|${g}`) ?? empty(sums.get(`*|${g}`))]),
      );
      const total = totals.get(t);
      partial.push({
        id: `${lens}-${t}`,
        lens,
        label: draft.label,
        phrases: draft.phrases,
        grouping: draft.grouping,
        documents: total?.documents ?? 0,
        accounts: total?.accounts ?? 0,
        sources: total?.sources ?? {},
        groups: Object.fromEntries(VOC_GROUPS.map((g) => [g, groupStats(s.get(g)!)])) as Record<
          VocGroup,
          VocGroupStats
        >,
        topAccounts: top.get(t) ?? [],
        sums: s,
      });
    });
  }
  // One family: every test of every theme.
  const p: number[] = [];
  for (const t of partial) {
    p.push(compareRatios(mentionRatio(t.sums.get('icp')!), mentionRatio(t.sums.get('outside')!)));
    if (options.ideal)
      p.push(compareRatios(mentionRatio(t.sums.get('ideal')!), mentionRatio(t.sums.get('rest')!)));
  }
  const q = benjaminiHochberg(p);
  const per = options.ideal ? 2 : 1;
  const themes = partial.map(({ sums, ...t }, i) => {
    const a = { p: p[i * per] as number, q: q[i * per] as number };
    const b = options.ideal ? { p: p[i * per + 1] as number, q: q[i * per + 1] as number } : null;
    const lean = (x: VocGroup, y: VocGroup, test: { q: number }) => {
      const rx = mentionRatio(sums.get(x)!)?.ratio ?? 0;
      const ry = mentionRatio(sums.get(y)!)?.ratio ?? 0;
      if (test.q > FDR || Math.max(rx, ry) < MIN_LIFT * Math.min(rx, ry)) return 0;
      const side = rx > ry ? x : y;
      return (sums.get(side)?.raising ?? 0) >= options.minAccounts ? (rx > ry ? 1 : -1) : 0;
    };
    const s = lean('icp', 'outside', a);
    const d = b ? lean('ideal', 'rest', b) : 0;
    return {
      ...t,
      side: s > 0 ? ('icp' as const) : s < 0 ? ('bad-fit' as const) : ('none' as const),
      ideal: d > 0 ? ('more' as const) : d < 0 ? ('less' as const) : ('none' as const),
      tests: { icpVsOutside: a, idealVsRest: b },
      quotes: [] as VocQuote[],
    };
  });
  const quotes = await pickQuotes(db, tiers, themes, options.quotes);
  return themes.map((t) => ({ ...t, quotes: quotes.get(t.id) ?? [] }));
}

function empty(base: ThemeGroupSums | undefined): ThemeGroupSums {
  return {
    accounts: base?.accounts ?? 0,
    raising: 0,
    clusters: 0,
    o: 0,
    e: 0,
    oo: 0,
    oe: 0,
    ee: 0,
  };
}

function groupStats(s: ThemeGroupSums): VocGroupStats {
  const r = mentionRatio(s);
  return {
    accounts: s.accounts,
    raising: s.raising,
    share: raisingShare(s),
    ratio: r ? { ratio: r.ratio, lo: r.lo, hi: Number.isFinite(r.hi) ? r.hi : r.ratio } : null,
  };
}

/** Sums per theme and group (`t|g`), and accounts with text per group (`*|g`). */
async function groupSums(db: Database, lens: VocLens): Promise<Map<string, ThemeGroupSums>> {
  const l = quoteLiteral(lens);
  const rows =
    await db.all(`WITH d AS (SELECT doc_id, account_id, stratum FROM ${DOCS_TABLE} WHERE lens = ${l}),
    na AS (SELECT account_id, stratum, count(*) AS n FROM d GROUP BY 1, 2),
    ns AS (SELECT stratum, count(*) AS n FROM d GROUP BY 1),
    m AS (SELECT x.theme, d.account_id, d.stratum FROM ${MENTIONS_TABLE} x JOIN d USING (doc_id) WHERE x.lens = ${l}),
    rate AS (SELECT theme, stratum, count(*) / any_value(ns.n) AS r FROM m JOIN ns USING (stratum) GROUP BY 1, 2),
    e AS (SELECT rate.theme, na.account_id, ${exact('na.n * rate.r')} AS e FROM na JOIN rate USING (stratum) GROUP BY 1, 2),
    o AS (SELECT theme, account_id, count(*) AS o FROM m GROUP BY 1, 2),
    acc AS (SELECT theme, account_id, coalesce(e.e, 0) AS e, coalesce(o.o, 0) AS o FROM e FULL JOIN o USING (theme, account_id))
    SELECT CAST(theme AS VARCHAR) AS theme, g.grp, count(*) FILTER (WHERE e > 0) AS clusters, sum(o) AS o, ${exact('e')} AS e,
      sum(o * o) AS oo, ${exact('o * e')} AS oe, ${exact('e * e')} AS ee, count(*) FILTER (WHERE o > 0) AS raising, NULL AS accounts
    FROM acc JOIN ${GROUPS_TABLE} g USING (account_id) GROUP BY 1, 2
    UNION ALL
    SELECT '*', g.grp, 0, 0, 0, 0, 0, 0, 0, count(DISTINCT account_id) FROM d JOIN ${GROUPS_TABLE} g USING (account_id) GROUP BY 2`);
  const accounts = new Map(
    rows.filter((r) => r.theme === '*').map((r) => [str(r.grp), num(r.accounts)]),
  );
  const out = new Map<string, ThemeGroupSums>();
  for (const r of rows) {
    const base = { accounts: accounts.get(str(r.grp)) ?? 0 };
    out.set(`${str(r.theme)}|${str(r.grp)}`, {
      ...base,
      raising: num(r.raising),
      clusters: num(r.clusters),
      o: num(r.o),
      e: num(r.e),
      oo: num(r.oo),
      oe: num(r.oe),
      ee: num(r.ee),
    });
  }
  return out;
}

async function themeTotals(
  db: Database,
  lens: VocLens,
): Promise<Map<number, { documents: number; accounts: number; sources: Record<string, number> }>> {
  const from = `${MENTIONS_TABLE} m JOIN ${DOCS_TABLE} d USING (doc_id) WHERE m.lens = ${quoteLiteral(lens)}`;
  const rows = await db.all(
    `SELECT m.theme, d.source, count(*) AS documents FROM ${from} GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  const accounts = new Map(
    (await db.all(`SELECT m.theme, count(DISTINCT d.account_id) AS n FROM ${from} GROUP BY 1`)).map(
      (r) => [num(r.theme), num(r.n)],
    ),
  );
  const out = new Map<
    number,
    { documents: number; accounts: number; sources: Record<string, number> }
  >();
  for (const r of rows) {
    const t = num(r.theme);
    const hit = out.get(t) ?? { documents: 0, accounts: accounts.get(t) ?? 0, sources: {} };
    hit.documents += num(r.documents);
    hit.sources[str(r.source) ?? ''] = num(r.documents);
    out.set(t, hit);
  }
  return out;
}

async function topAccounts(
  db: Database,
  tiers: TableRef,
  lens: VocLens,
): Promise<Map<number, VocTheme['topAccounts']>> {
  const rows = await db.all(`SELECT m.theme, d.account_id, a.tier, count(*) AS mentions
    FROM ${MENTIONS_TABLE} m JOIN ${DOCS_TABLE} d USING (doc_id) JOIN ${tiers} a USING (account_id)
    WHERE m.lens = ${quoteLiteral(lens)} GROUP BY 1, 2, 3
    QUALIFY row_number() OVER (PARTITION BY m.theme ORDER BY count(*) DESC, d.account_id) <= ${TOP_ACCOUNTS}
    ORDER BY 1, 4 DESC, 2`);
  const out = new Map<number, { accountId: string; tier: VocTier; mentions: number }[]>();
  for (const r of rows) {
    const list = out.get(num(r.theme)) ?? [];
    list.push({
      accountId: str(r.account_id) ?? '',
      tier: (str(r.tier) ?? 'D') as VocTier,
      mentions: num(r.mentions),
    });
    out.set(num(r.theme), list);
  }
  return out;
}

/**
 * Up to `count` quotes per theme, one per account: from the side the theme leans to first
 * (A-B for the ICP's, the other tiers for the bad fit's), the most recent first.
 */
async function pickQuotes(
  db: Database,
  tiers: TableRef,
  themes: readonly Pick<VocTheme, 'id' | 'lens' | 'side'>[],
  count: number,
): Promise<Map<string, VocQuote[]>> {
  if (count === 0 || themes.length === 0) return new Map();
  const prefer = themes.map((t) => `(${quoteLiteral(t.id)}, ${quoteLiteral(t.side)})`).join(', ');
  const rows: Row[] = await db.all(`WITH s(id, side) AS (VALUES ${prefer}),
    c AS (SELECT m.lens || '-' || m.theme AS id, d.account_id, a.tier, d.date, d.source, d.text, d.doc_id
      FROM ${MENTIONS_TABLE} m JOIN ${DOCS_TABLE} d USING (doc_id) JOIN ${tiers} a USING (account_id)
      QUALIFY row_number() OVER (PARTITION BY m.lens, m.theme, d.account_id ORDER BY d.date DESC NULLS LAST, d.doc_id) = 1)
    SELECT c.id, account_id, tier, CAST(date AS VARCHAR) AS date, source, left(text, ${QUOTE_CHARS + 1}) AS text
    FROM c JOIN s USING (id)
    QUALIFY row_number() OVER (PARTITION BY c.id ORDER BY
      CASE WHEN s.side = 'icp' AND tier IN ('A', 'B') THEN 0 WHEN s.side = 'bad-fit' AND tier NOT IN ('A', 'B') THEN 0 ELSE 1 END,
      date DESC NULLS LAST, doc_id) <= ${count}
    ORDER BY c.id, date DESC NULLS LAST, account_id`);
  const out = new Map<string, VocQuote[]>();
  for (const r of rows) {
    const text = str(r.text) ?? '';
    const list = out.get(str(r.id) ?? '') ?? [];
    list.push({
      accountId: str(r.account_id) ?? '',
      tier: (str(r.tier) ?? 'D') as VocTier,
      date: str(r.date),
      source: str(r.source) ?? '',
      text: text.length > QUOTE_CHARS ? `${text.slice(0, QUOTE_CHARS - 1)}…` : text,
    });
    out.set(str(r.id) ?? '', list);
  }
  return out;
}
