import { IcpError } from '../../core/errors/icp-error.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import type { Dataset } from '../../data/load/load-dataset.js';

/**
 * Views of a dataset in time: what was known before a date (a backtest's cut-off) or only the
 * recent past (a re-discovery after drift). Each is a new DuckDB schema, unique to the call,
 * holding the canonical tables under their usual names; while the view is open it is the
 * connection's default schema, so every query (value, target, discovery, fingerprint) reads the
 * view's tables and what they create (an analysis's value and target tables) lands there too. The dataset's own
 * tables are never renamed or replaced; closing the view drops its schema.
 */
export interface DatasetView {
  /** The schema holding the view's tables. */
  readonly schema: string;
  /** Makes the dataset's own tables current again and drops the view's schema. */
  close(): Promise<void>;
}

let views = 0;

/** The dataset's own table of that name, qualified so the SELECT reads it whatever is current. */
type Source = (table: string) => string;

/** Creates a schema of its own holding, for each canonical table, the SELECT `sqlOf` gives it. */
async function openView(
  dataset: Dataset,
  sqlOf: (table: string, columns: ReadonlySet<string>, source: Source) => string,
): Promise<DatasetView> {
  const current = String((await dataset.db.one('SELECT current_schema() AS s'))?.s);
  const schema = `_view_${++views}`;
  await dataset.db.run(`CREATE SCHEMA ${quoteIdent(schema)}`);
  const source: Source = (table) => `${quoteIdent(current)}.${quoteIdent(table)}`;
  for (const t of dataset.tables.values()) {
    const sql = sqlOf(t.name, new Set(Object.keys(t.columns)), source);
    await dataset.db.run(
      `CREATE TABLE ${quoteIdent(schema)}.${quoteIdent(t.name)} AS ${sql} ORDER BY _source_row`,
    );
  }
  await dataset.db.run(`SET schema = ${quoteLiteral(schema)}`);
  return {
    schema,
    async close() {
      await dataset.db.run(`SET schema = ${quoteLiteral(current)}`);
      await dataset.db.run(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
    },
  };
}

/**
 * What was known before a date, table by table: rows dated on or after it are dropped, deals
 * closed on or after it are open again, subscriptions ending on or after it are still running. Tables without a date
 * (contacts, deal contacts) are kept whole: their rows carry no time.
 */
function knownAt(table: string, columns: ReadonlySet<string>, source: Source, d: string): string {
  const full = source(table);
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
 * The dataset as it was known before `date` (YYYY-MM-DD): nothing dated after the cut-off can
 * reach a query made while the view is open.
 */
export async function cutAt(dataset: Dataset, date: string): Promise<DatasetView> {
  const d = `DATE ${quoteLiteral(date)}`;
  return openView(dataset, (table, columns, source) => knownAt(table, columns, source, d));
}

/**
 * Only the recent past, for a re-discovery after drift: deals opened on or after `date`, the
 * accounts created on or after it or with such a deal, and the rows of those accounts in every
 * other table.
 */
export async function keepSince(dataset: Dataset, date: string): Promise<DatasetView> {
  const d = `DATE ${quoteLiteral(date)}`;
  const deals = dataset.tables.get('deals');
  const accounts = dataset.tables.get('accounts');
  if (!accounts?.columns.created_at && !deals?.columns.created_at)
    throw new IcpError(
      'DATA',
      `--since ${date}: neither accounts nor deals have a created date to keep the recent ones by (map columns.created_at in the config).`,
    );
  return openView(dataset, (table, columns, source) => {
    const recentDeals = deals?.columns.created_at
      ? `SELECT * FROM ${source('deals')} WHERE created_at >= ${d}`
      : `SELECT * FROM ${source('deals')} WHERE false`;
    const recentAccounts = `SELECT * FROM ${source('accounts')} WHERE ${accounts?.columns.created_at ? `created_at >= ${d} OR ` : ''}account_id IN (SELECT account_id FROM (${recentDeals}))`;
    if (table === 'accounts') return recentAccounts;
    if (table === 'deals' && deals?.columns.created_at) return recentDeals;
    return columns.has('account_id')
      ? `SELECT * FROM ${source(table)} WHERE account_id IN (SELECT account_id FROM (${recentAccounts}))`
      : `SELECT * FROM ${source(table)}`;
  });
}
