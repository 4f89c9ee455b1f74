import { looseKeySql } from '../../core/parse/cell-sql.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num, str } from '../db/database.js';
import { textExpr } from './parse-sql.js';

/** Separators of set-valued cells, in order of preference. */
export const LIST_SEPARATORS = [';', '|', ','] as const;
export type ListSeparator = (typeof LIST_SEPARATORS)[number];

/** One value of a set-valued column, as a has-X attribute: its key, its label, its rows. */
export interface ListItem {
  /** As `looseKey` writes it: what `has` rules compare. */
  readonly key: string;
  /** The most frequent spelling. */
  readonly label: string;
  readonly rows: number;
}

/**
 * How clearly a column must be a list. A comma is also punctuation ("Acme, Inc."), so it must
 * be in most cells; a list recombines a small vocabulary (at most half as many distinct items
 * as distinct cells) of short items.
 */
export const LIST_RULES = {
  minFilled: 20,
  share: { ';': 0.3, '|': 0.3, ',': 0.5 },
  maxItemLength: 30,
  /** has-X attributes made per list: the most frequent items. */
  topItems: 8,
  /** An item must be in at least this share of filled cells (and 5 of them). */
  minItemShare: 0.01,
} as const;

/**
 * The separator and the most frequent items of a set-valued column, or undefined when the
 * column is not clearly a list. `counts` holds how many filled cells contain each separator;
 * `cells` is the column's filled distinct cells (`filledCells`: `x` the trimmed text, `c` its
 * rows), each split once and weighted by its rows.
 */
export async function listItems(
  db: Database,
  cells: string,
  filled: number,
  counts: readonly { s: ListSeparator; n: number }[],
): Promise<{ separator: ListSeparator; items: ListItem[] } | undefined> {
  if (filled < LIST_RULES.minFilled) return undefined;
  const passing = counts.filter((c) => c.n >= LIST_RULES.share[c.s] * filled);
  const best = passing.sort((a, b) => b.n - a.n)[0];
  if (!best) return undefined;
  const sep = quoteLiteral(best.s);
  const item = textExpr('i.item');
  // The items are split and keyed once per distinct cell (`cid`, holding `c` rows), into a
  // temporary table the three questions read.
  await db.run(`CREATE OR REPLACE TEMP TABLE _icp_items AS
    WITH cells AS (SELECT row_number() OVER () AS cid, x, c FROM ${cells}),
      items AS (SELECT cid, c, unnest(string_split(x, ${sep})) AS item FROM cells)
    SELECT cid, c, ${item} AS item, ${looseKeySql('duckdb', item)} AS k FROM items AS i WHERE ${item} IS NOT NULL`);
  try {
    // The items' average length over the rows: the sums are exact integers, as avg's are.
    const shape = await db.one(`SELECT (SELECT count(DISTINCT k) FROM _icp_items) AS vocabulary,
      (SELECT count(DISTINCT x) FROM ${cells}) AS distinct_cells,
      (SELECT sum(length(item) * c) / sum(c) FROM _icp_items) AS length`);
    if (
      num(shape?.vocabulary) > num(shape?.distinct_cells) / 2 ||
      num(shape?.length) > LIST_RULES.maxItemLength
    )
      return undefined;
    const min = Math.max(5, Math.ceil(LIST_RULES.minItemShare * filled));
    // A row counts once for an item its cell holds twice: each (cell, item) pair once.
    const top = await db.all(`SELECT k, sum(c) AS n FROM (SELECT DISTINCT cid, k, c FROM _icp_items
      WHERE k <> '') GROUP BY k HAVING sum(c) >= ${min} ORDER BY n DESC, k LIMIT ${LIST_RULES.topItems}`);
    if (top.length === 0) return undefined;
    const keys = top.map((t) => str(t.k) ?? '');
    const spellings = await db.all(`SELECT k, item, sum(c) AS n FROM _icp_items
      WHERE k IN (${keys.map(quoteLiteral).join(', ')}) GROUP BY k, item ORDER BY k, n DESC, item`);
    const label = (k: string) => str(spellings.find((s) => str(s.k) === k)?.item) ?? k;
    return {
      separator: best.s,
      items: top.map((t) => ({
        key: str(t.k) ?? '',
        label: label(str(t.k) ?? ''),
        rows: num(t.n),
      })),
    };
  } finally {
    await db.run('DROP TABLE IF EXISTS _icp_items');
  }
}
