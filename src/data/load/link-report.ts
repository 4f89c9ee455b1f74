import type { TableName } from '../../core/model/canonical.js';
import { exactSum } from '../../core/sql/exact-sum.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { type Database, num, str } from '../db/database.js';
import { type LoadedTable, SOURCE_ROW } from './load-table.js';

/** How a row found its account. `id` includes the first id of a list ("123;456"). */
export const LINK_METHODS = ['id', 'column', 'domain', 'email', 'name'] as const;
export type LinkMethod = (typeof LINK_METHODS)[number];

/** How well one table's rows link to accounts: shown by `icp check`, text and JSON. */
export interface LinkReport {
  readonly table: TableName;
  readonly file: string;
  readonly rows: number;
  readonly linked: number;
  /** linked / rows. */
  readonly rate: number;
  /** Below this (rows or amounts), a warning. */
  readonly minRate: number;
  readonly by: Readonly<Record<LinkMethod, number>>;
  /** Rows left unlinked because their key fits several accounts (one name, two accounts). */
  readonly ambiguous: number;
  /** Rows with no id, name, domain or email at all. */
  readonly noKey: number;
  /** Rows with a key no account has. */
  readonly notFound: number;
  /** The accounts column rows were matched on by `column` (configured, or found by its values). */
  readonly keyColumn?: string;
  /** The money in the table and how much of it belongs to no account. */
  readonly amount?: {
    readonly column: string;
    readonly label: string;
    readonly currency: string;
    readonly total: number;
    readonly unlinked: number;
  };
  /** The first keys that linked to nothing, with how many rows carry each. */
  readonly unmatched: readonly {
    readonly key: string;
    readonly rows: number;
    readonly firstRow: number;
    readonly ambiguous: boolean;
  }[];
}

/** What the money of a table is called in a warning. */
const MONEY: Partial<Record<TableName, { column: string; label: string }>> = {
  invoices: { column: 'amount', label: 'invoice revenue' },
  subscriptions: { column: 'mrr', label: 'MRR' },
  deals: { column: 'amount', label: 'deal amount' },
};

/** Counts how the rows of a table linked (the pending ones from `_link`) and what is left unlinked. */
export async function summariseLinks(
  db: Database,
  t: LoadedTable,
  options: { currency: string; minRate: number; keyColumn?: string },
): Promise<LinkReport> {
  const money = MONEY[t.name];
  const hasMoney = money !== undefined && t.columns[money.column] !== undefined;
  const m = hasMoney ? `x.${quoteIdent(money.column)}` : '0';
  // _link holds the rows whose id was no account's; every other row linked by its id.
  const whole =
    (await db.one(
      `SELECT count(*) AS rows_, coalesce(${exactSum(m)}, 0) AS total FROM ${quoteIdent(t.name)} x`,
    )) ?? {};
  const row =
    (await db.one(`SELECT count(*) AS pending, count(l.method) AS linked,
      ${LINK_METHODS.map((k) => `count(*) FILTER (WHERE l.method = '${k}') AS by_${k}`).join(', ')},
      count(*) FILTER (WHERE l.method IS NULL AND l.ambiguous) AS ambiguous,
      count(*) FILTER (WHERE l.method IS NULL AND l.no_key) AS no_key,
      coalesce(${exactSum(m, 'l.method IS NULL')}, 0) AS lost
    FROM _link l JOIN ${quoteIdent(t.name)} x USING (${SOURCE_ROW})`)) ?? {};
  const byId = num(whole.rows_) - num(row.pending);
  const keyText = [
    'l.ref',
    ...(['account_name', 'account_domain', 'email'] as const)
      .filter((c) => t.columns[c])
      .map((c) => `x.${c}`),
  ];
  // An ambiguous row is shown by the name or domain that fits several accounts.
  const shown = `CASE WHEN l.ambiguous THEN coalesce(${[...keyText.slice(1), 'l.ref'].join(', ')}) ELSE coalesce(${keyText.join(', ')}) END`;
  // The first five keys of each kind (not found, ambiguous), in file order.
  const unmatched = await db.all(`SELECT key, n, first_row, ambiguous FROM (
      SELECT *, row_number() OVER (PARTITION BY ambiguous ORDER BY first_row) AS k FROM (
        SELECT ${shown} AS key, l.ambiguous AS ambiguous, count(*) AS n, min(l.${SOURCE_ROW}) AS first_row
        FROM _link l JOIN ${quoteIdent(t.name)} x USING (${SOURCE_ROW})
        WHERE l.method IS NULL AND NOT l.no_key GROUP BY 1, 2))
    WHERE k <= 5 ORDER BY first_row`);
  const rows = num(whole.rows_);
  const linked = byId + num(row.linked);
  const ambiguousRows = num(row.ambiguous);
  const noKey = num(row.no_key);
  return {
    table: t.name,
    file: t.file,
    rows,
    linked,
    rate: rows === 0 ? 1 : linked / rows,
    minRate: options.minRate,
    by: Object.fromEntries(
      LINK_METHODS.map((k) => [k, num(row[`by_${k}`]) + (k === 'id' ? byId : 0)]),
    ) as Record<LinkMethod, number>,
    ambiguous: ambiguousRows,
    noKey,
    notFound: rows - linked - ambiguousRows - noKey,
    ...(options.keyColumn ? { keyColumn: options.keyColumn } : {}),
    ...(hasMoney
      ? {
          amount: {
            column: t.columns[money.column]?.header ?? money.column,
            label: money.label,
            currency: options.currency,
            total: num(whole.total),
            unlinked: num(row.lost),
          },
        }
      : {}),
    unmatched: unmatched.map((u) => ({
      key: str(u.key) ?? '',
      rows: num(u.n),
      firstRow: num(u.first_row),
      ambiguous: u.ambiguous === true,
    })),
  };
}

/**
 * What linking left of a table's rows, for the checks across tables: rows whose id is still no
 * account's (how many, the first by file order) and rows with no account id at all.
 */
export interface UnlinkedRows {
  readonly orphans: number;
  /** The first orphan's id and row, when there is one. */
  readonly first?: { readonly value: string; readonly row: number };
  readonly missing: number;
}

/**
 * The unlinked rows of a table, read from `_link` (its pending rows): every other row kept an
 * account's id, and a row `_link` did not link kept its own (`ref`), so these are the rows the
 * checks across tables would find by scanning the table again.
 */
export async function unlinkedRows(db: Database): Promise<UnlinkedRows> {
  const row =
    (await db.one(`SELECT count(ref) AS n, arg_min(ref, ${SOURCE_ROW}) FILTER (WHERE ref IS NOT NULL) AS v,
      min(${SOURCE_ROW}) FILTER (WHERE ref IS NOT NULL) AS r, count(*) - count(ref) AS missing
    FROM _link WHERE account_id IS NULL`)) ?? {};
  const orphans = num(row.n);
  return {
    orphans,
    ...(orphans > 0 ? { first: { value: str(row.v) ?? '', row: num(row.r) } } : {}),
    missing: num(row.missing),
  };
}
