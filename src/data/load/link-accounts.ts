import type { IcpConfig, LinkConfig, SourceConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { DataIssue } from '../../core/issues/data-issue.js';
import { type TableName, tableSpec } from '../../core/model/canonical.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num } from '../db/database.js';
import { AccountKeys, detectKeyColumn, keyText } from './link-account-keys.js';
import { createLinkKeyMacros } from './link-keys-sql.js';
import {
  type LinkMethod,
  type LinkReport,
  summariseLinks,
  type UnlinkedRows,
  unlinkedRows,
} from './link-report.js';
import { linkWarning } from './link-warning.js';
import { type LoadedTable, SOURCE_ROW } from './load-table.js';

/**
 * Links every table that points at accounts, in DuckDB: rows whose account id is an account
 * keep it; the others are matched, in order, by the configured key (`link`), the company
 * domain, the email's domain, then the normalised company name, each through a table of
 * keys -> account (a key shared by several accounts links nothing and is counted as ambiguous).
 * Linked rows get the account's id; unlinked rows keep what they had. Returns one report per
 * table, a warning for each table linked below its `min_rate`, and what was left unlinked in
 * each table (for `crossChecks`, which would otherwise scan every table again).
 */
export async function linkAccounts(
  db: Database,
  tables: ReadonlyMap<TableName, LoadedTable>,
  config: IcpConfig,
): Promise<{
  reports: LinkReport[];
  issues: DataIssue[];
  unlinked: Map<TableName, UnlinkedRows>;
}> {
  const accounts = tables.get('accounts');
  const reports: LinkReport[] = [];
  const issues: DataIssue[] = [];
  const unlinked = new Map<TableName, UnlinkedRows>();
  if (!accounts) return { reports, issues, unlinked };
  await createLinkKeyMacros(db);
  const keys = new AccountKeys(db, accounts);
  const linked = [...tables.values()].filter(
    (t) => tableSpec(t.name).columns.account_id?.referencesAccount,
  );
  for (const t of linked) {
    const table = quoteIdent(t.name);
    if (!(await db.columns(table)).includes('account_id')) {
      await db.run(`ALTER TABLE ${table} ADD COLUMN account_id VARCHAR`);
    }
  }
  // Linking a table changes only its own rows, so every table's count can be taken first.
  const pending = await pendingRows(
    db,
    linked.map((t) => t.name),
  );
  for (const t of linked) {
    const source = config.sources[t.name] as SourceConfig;
    const { report, left } = await linkTable(db, t, source, linkSettings(source), {
      accounts,
      keys,
      currency: config.currency,
      pending: pending.get(t.name) ?? 0,
    });
    reports.push(report);
    unlinked.set(t.name, left);
    const warning = linkWarning(report);
    if (warning) issues.push(warning);
  }
  await db.run('DROP TABLE IF EXISTS _account_keys');
  await db.run('DROP TABLE IF EXISTS _pending');
  return { reports, issues, unlinked };
}

type Link = LinkConfig & {
  readonly strict: boolean;
  /** The accounts column holding the same keys as the rows' account ids, if any. */
  readonly key?: { readonly column: string; readonly header: string } | undefined;
};

function linkSettings(source: SourceConfig): Link {
  const link = source.link ?? { fallback: true, min_rate: 0.8 };
  // Rows that take their account through another table are linked there, by id only.
  const strict = source.account_from !== undefined || link.by === 'id';
  return { ...link, strict };
}

/** The SQL column of a header (or canonical name) in a loaded table, if it has one. */
function columnOf(t: LoadedTable, name: string): string | undefined {
  if (t.columns[name]) return name;
  const canonical = Object.entries(t.columns).find(([, c]) => c.header === name)?.[0];
  return canonical ?? t.extras.find((x) => x.header === name || x.name === name)?.name;
}

/** Every header a loaded table came with, mapped or kept. */
function headersOf(t: LoadedTable): string[] {
  return [...Object.values(t.columns).map((c) => c.header), ...t.extras.map((x) => x.header)];
}

function accountColumn(
  accounts: LoadedTable,
  t: LoadedTable,
  link: Link,
): { column: string; header: string } {
  const wanted = link.account_column;
  const found = wanted === undefined ? undefined : columnOf(accounts, wanted);
  if (found === undefined) {
    throw new IcpError(
      'CONFIG',
      `sources.${t.name}.link: by: column needs account_column, the accounts column holding the same key${wanted === undefined ? '' : `; "${wanted}" is not one of ${accounts.file}'s columns`}. Columns: ${headersOf(accounts).join(', ')}.`,
    );
  }
  return { column: found, header: wanted ?? found };
}

/** The SQL of the configured key on the table's side, or undefined when none is configured. */
function configuredKey(t: LoadedTable, link: Link): string | undefined {
  if (link.by === undefined || link.by === 'id') return undefined;
  // Without a column, each method reads the canonical column that holds its kind of key.
  const fallback = {
    column: 'account_id',
    domain: 'account_domain',
    email: 'email',
    name: 'account_name',
  };
  const wanted = link.column ?? fallback[link.by];
  const column = columnOf(t, wanted);
  if (column === undefined) {
    throw new IcpError(
      'CONFIG',
      `sources.${t.name}.link: by: ${link.by} needs column, the header of ${t.file} holding the key; "${wanted}" is not one of its columns. Headers: ${headersOf(t).join(', ')}.`,
    );
  }
  const c = `x.${quoteIdent(column)}`;
  return link.by === 'column'
    ? keyText(c)
    : link.by === 'name'
      ? `icp_name_key(${c})`
      : `icp_domain_key(${c})`;
}

interface LinkContext {
  readonly accounts: LoadedTable;
  readonly keys: AccountKeys;
  readonly currency: string;
  /** The table's rows whose id is no account's (`pendingRows`). */
  readonly pending: number;
}

/**
 * Each table's rows whose account id is no account's (a NULL id included): usually none. One
 * query for all the tables, so the accounts' ids are hashed once rather than once per table
 * (six anti-joins 0.39-0.49 CPU-s at 300,000 accounts, this one 0.25-0.26); it reads the ids
 * alone, not the rows (copying them reads every column even when none is copied). A table
 * with no such row is left out of the map.
 */
export async function pendingRows(
  db: Database,
  names: readonly TableName[],
): Promise<Map<TableName, number>> {
  if (names.length === 0) return new Map();
  const ids = names
    .map((name, i) => `SELECT ${i} AS t, account_id FROM ${quoteIdent(name)}`)
    .join(' UNION ALL ');
  const rows = await db.all(`SELECT t, count(*) AS n FROM (${ids}) x
    WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = x.account_id) GROUP BY t`);
  return new Map(rows.map((r) => [names[num(r.t)] as TableName, num(r.n)]));
}

async function linkTable(
  db: Database,
  t: LoadedTable,
  source: SourceConfig,
  settings: Link,
  context: LinkContext,
): Promise<{ report: LinkReport; left: UnlinkedRows }> {
  const { accounts, keys, pending } = context;
  const table = quoteIdent(t.name);
  // Only the rows whose id is no account's are matched by key (counted before, `pendingRows`).
  let link = settings;
  if (pending > 0) {
    await db.run(`CREATE OR REPLACE TEMP TABLE _pending AS SELECT * FROM ${table} x
      WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = x.account_id)`);
    const key =
      link.by === 'column'
        ? accountColumn(accounts, t, link)
        : !link.strict && link.fallback && t.columns.account_id
          ? await detectKeyColumn(db, accounts)
          : undefined;
    link = { ...link, key };
  }
  const attempts = pending > 0 ? linkAttempts(t, link) : [];
  if (attempts.length > 0) await keys.ensure(attempts.map(([, , kind]) => kind));
  const none = `SELECT NULL::BIGINT AS ${SOURCE_ROW}, NULL::VARCHAR AS ref, NULL::VARCHAR AS method,
    NULL::VARCHAR AS account_id, false AS ambiguous, false AS no_key WHERE false`;
  await db.run(`CREATE OR REPLACE TEMP TABLE _link AS ${pending > 0 ? linkSql(attempts) : none}`);
  await db.run(`UPDATE ${table} SET account_id = l.account_id FROM _link l
    WHERE ${table}.${SOURCE_ROW} = l.${SOURCE_ROW} AND l.account_id IS NOT NULL
      AND ${table}.account_id IS DISTINCT FROM l.account_id`);
  const report = await summariseLinks(db, t, {
    currency: source.currency ?? context.currency,
    minRate: link.min_rate,
    ...(link.key ? { keyColumn: link.key.header } : {}),
  });
  const left = pending > 0 ? await unlinkedRows(db) : { orphans: 0, missing: 0 };
  await db.run('DROP TABLE _link');
  return { report, left };
}

/** One way to link a pending row: [method, the row's key (SQL), the kind of account key it meets]. */
export type Attempt = [LinkMethod, string, string];

/** The attempts of a table's pending rows, in the order they are tried. */
function linkAttempts(t: LoadedTable, link: Link): Attempt[] {
  const has = (c: string) => t.columns[c] !== undefined;
  const keyKind = link.key ? `column:${link.key.column}` : 'column';
  const attempts: Attempt[] = [];
  const byKey = configuredKey(t, link);
  if (byKey !== undefined && link.by !== undefined && link.by !== 'id') {
    const kind = link.by === 'email' ? 'domain' : link.by === 'column' ? keyKind : link.by;
    attempts.push([link.by, byKey, kind]);
  }
  if (!link.strict && link.fallback) {
    if (link.by !== 'column' && link.key) {
      attempts.push(['column', keyText('x.account_id'), keyKind]);
    }
    if (has('account_domain'))
      attempts.push(['domain', 'icp_domain_key(x.account_domain)', 'domain']);
    if (has('email')) attempts.push(['email', 'icp_domain_key(x.email)', 'domain']);
    if (has('account_name')) attempts.push(['name', 'icp_name_key(x.account_name)', 'name']);
    attempts.push(['name', 'icp_name_key(x.account_id)', 'name']);
  }
  return attempts;
}

/**
 * One row per pending row: the account found (the first id of a list, then each attempt in
 * turn), by which method, whether a key fitted several accounts, whether it had no key at all.
 */
export function linkSql(attempts: readonly Attempt[]): string {
  const joins = attempts.map(
    ([, , kind], i) =>
      `LEFT JOIN _account_keys k${i} ON k${i}.kind = ${quoteLiteral(kind)} AND k${i}.key = CASE WHEN s.list_hit IS NULL THEN s.key${i} END`,
  );
  const keys = attempts.map(([, key], i) => `, ${key} AS key${i}`).join('');
  const method = attempts.map(([m], i) => `WHEN k${i}.accounts = 1 THEN ${quoteLiteral(m)}`);
  const account = attempts.map(
    (_, i) => `, CASE WHEN k${i}.accounts = 1 THEN k${i}.account_id END`,
  );
  const ambiguous = attempts.map((_, i) => `coalesce(k${i}.accounts, 0) > 1`);
  const anyKey = ['s.ref IS NOT NULL', ...attempts.map((_, i) => `s.key${i} IS NOT NULL`)];
  // Each join an equality of one side's column and the other's expression, so DuckDB hashes
  // it: a condition on the pending row alone (the list's ';', no list hit) made each a nested
  // loop over every account or key (567 pending deals x 300,919 accounts: 0.24 CPU-s).
  return `WITH s AS (
      SELECT x.${SOURCE_ROW}, x.account_id AS ref, a.account_id AS list_hit${keys}
      FROM _pending x LEFT JOIN accounts a ON a.account_id =
        CASE WHEN contains(x.account_id, ';') THEN trim(split_part(x.account_id, ';', 1)) END)
    SELECT s.${SOURCE_ROW}, s.ref,
      CASE WHEN s.list_hit IS NOT NULL THEN 'id' ${method.join(' ')} END AS method,
      coalesce(s.list_hit${account.join('')}) AS account_id,
      ${ambiguous.length > 0 ? ambiguous.join(' OR ') : 'false'} AS ambiguous,
      NOT (${anyKey.join(' OR ')}) AS no_key
    FROM s ${joins.join(' ')}`;
}
