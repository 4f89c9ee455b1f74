import { IcpError } from '../../core/errors/icp-error.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import type { Dataset } from '../../data/load/load-dataset.js';

/**
 * What was known before a date, table by table: rows dated on or after it are dropped, deals
 * closed on or after it are open again, subscriptions ending on or after it are still running. Tables without a date
 * (contacts, deal contacts) are kept whole: their rows carry no time.
 */
function knownAt(table: string, columns: ReadonlySet<string>, d: string): string {
  const full = quoteIdent(`_full_${table}`);
  const has = (c: string) => columns.has(c);
  switch (table) {
    case 'accounts':
      return `SELECT * FROM ${full}${has('created_at') ? ` WHERE created_at IS NULL OR created_at < ${d}` : ''}`;
    case 'deals': {
      const created = has('created_at') ? `created_at < ${d}` : 'true';
      if (!has('closed_at')) return `SELECT * FROM ${full} WHERE ${created}`;
      // A deal closed after the date was still open on it.
      return `SELECT * REPLACE (
          CASE WHEN closed_at >= ${d} THEN 'open' ELSE stage END AS stage,
          CASE WHEN closed_at >= ${d} THEN NULL ELSE closed_at END AS closed_at)
        FROM ${full} WHERE ${has('created_at') ? created : `(closed_at IS NULL OR closed_at < ${d} OR stage = 'open')`}`;
    }
    case 'subscriptions':
      return `SELECT * REPLACE (CASE WHEN end_date >= ${d} THEN NULL ELSE end_date END AS end_date)
        FROM ${full} WHERE start_date < ${d}`;
    case 'invoices':
    case 'usage':
    case 'churn_events':
      return `SELECT * FROM ${full} WHERE date < ${d}`;
    case 'tickets':
      return `SELECT * FROM ${full}${has('created_at') ? ` WHERE created_at < ${d}` : ''}`;
    case 'feedback':
      return `SELECT * FROM ${full}${has('date') ? ` WHERE date < ${d}` : ''}`;
    default:
      return `SELECT * FROM ${full}`;
  }
}

/**
 * Replaces every canonical table with what was known before `date` (YYYY-MM-DD), or with the full
 * table when `date` is null. The full tables are kept as `_full_<name>`, so cutoffs can follow
 * one another on one dataset. Every later query (value, target, discovery, fingerprint) reads
 * the cut tables under their usual names, so nothing dated after the cutoff can reach a fit.
 */
export async function cutOff(dataset: Dataset, date: string | null): Promise<void> {
  const d = date === null ? '' : `DATE ${quoteLiteral(date)}`;
  for (const t of dataset.tables.values()) {
    const name = quoteIdent(t.name);
    const full = quoteIdent(`_full_${t.name}`);
    const saved = await dataset.db.one(
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ${quoteLiteral(`_full_${t.name}`)}`,
    );
    if (Number(saved?.n) === 0) await dataset.db.run(`ALTER TABLE ${name} RENAME TO ${full}`);
    else await dataset.db.run(`DROP TABLE IF EXISTS ${name}`);
    const sql =
      date === null ? `SELECT * FROM ${full}` : knownAt(t.name, new Set(Object.keys(t.columns)), d);
    await dataset.db.run(`CREATE TABLE ${name} AS ${sql} ORDER BY _source_row`);
  }
}

/**
 * Keeps only the recent past, for a re-discovery after drift: deals opened on or after `date`,
 * the accounts created on or after it or with such a deal, and the rows of those accounts in
 * every other table. Full tables are kept as `_full_<name>`, as `cutOff` does.
 */
export async function keepSince(dataset: Dataset, date: string): Promise<void> {
  const d = `DATE ${quoteLiteral(date)}`;
  const deals = dataset.tables.get('deals');
  const accounts = dataset.tables.get('accounts');
  if (!accounts?.columns.created_at && !deals?.columns.created_at)
    throw new IcpError(
      'DATA',
      `--since ${date}: neither accounts nor deals have a created date to keep the recent ones by (map columns.created_at in the config).`,
    );
  for (const t of dataset.tables.values()) {
    const saved = await dataset.db.one(
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ${quoteLiteral(`_full_${t.name}`)}`,
    );
    if (Number(saved?.n) === 0)
      await dataset.db.run(
        `ALTER TABLE ${quoteIdent(t.name)} RENAME TO ${quoteIdent(`_full_${t.name}`)}`,
      );
    else await dataset.db.run(`DROP TABLE IF EXISTS ${quoteIdent(t.name)}`);
  }
  const recentDeals = deals?.columns.created_at
    ? `SELECT * FROM _full_deals WHERE created_at >= ${d}`
    : 'SELECT * FROM _full_deals WHERE false';
  const recentAccounts = `SELECT * FROM _full_accounts WHERE ${accounts?.columns.created_at ? `created_at >= ${d} OR ` : ''}account_id IN (SELECT account_id FROM (${recentDeals}))`;
  for (const t of dataset.tables.values()) {
    const sql =
      t.name === 'accounts'
        ? recentAccounts
        : t.name === 'deals' && deals?.columns.created_at
          ? recentDeals
          : t.columns.account_id
            ? `SELECT * FROM ${quoteIdent(`_full_${t.name}`)} WHERE account_id IN (SELECT account_id FROM (${recentAccounts}))`
            : `SELECT * FROM ${quoteIdent(`_full_${t.name}`)}`;
    await dataset.db.run(`CREATE TABLE ${quoteIdent(t.name)} AS ${sql} ORDER BY _source_row`);
  }
}
