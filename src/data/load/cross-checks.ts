import { type DataIssue, formatCount } from '../../core/issues/data-issue.js';
import { showValue } from '../../core/issues/value-display.js';
import { tableSpec } from '../../core/model/canonical.js';
import { type Database, num, str } from '../db/database.js';
import { amountOutliers } from './amount-outliers.js';
import type { LinkReport, UnlinkedRows } from './link-report.js';
import type { LoadedTable } from './load-table.js';
import { SOURCE_ROW } from './load-table.js';

/**
 * Checks between tables, run once every table is loaded: rows whose account does not exist,
 * deals without an account, committee rows pointing nowhere, accounts that look duplicated,
 * and an absurd amount (`amountOutliers`).
 * These are warnings: the rows stay, and figures that need the link leave them out. A table's
 * rows `unlinked` (from `linkAccounts`) are taken from there instead of scanning it again.
 */
export async function crossChecks(
  db: Database,
  tables: ReadonlyMap<string, LoadedTable>,
  links: readonly LinkReport[] = [],
  unlinked: ReadonlyMap<string, UnlinkedRows> = new Map(),
): Promise<DataIssue[]> {
  const issues: DataIssue[] = [];
  for (const t of tables.values()) {
    if (t.name === 'accounts' || !tableSpec(t.name).columns.account_id?.referencesAccount) continue;
    const header = t.columns.account_id?.header ?? 'account_id';
    const left = unlinked.get(t.name) ?? (await scanUnlinked(db, t));
    const n = left.orphans;
    if (n > 0) {
      const v = left.first?.value ?? '';
      const at = left.first?.row ?? 0;
      issues.push({
        severity: 'warning',
        code: 'orphan',
        table: t.name,
        file: t.file,
        row: at,
        column: header,
        value: v,
        count: n,
        message: linkedBeyondIds(links, t.name)
          ? `${t.file}: ${formatCount(n)} row${n === 1 ? '' : 's'} link${n === 1 ? 's' : ''} to no account of ${tables.get('accounts')?.file}: ${n === 1 ? 'its' : 'their'} "${header}" is no account id and no domain, email or name of ${n === 1 ? 'it' : 'theirs'} matched, first ${showValue(v)} at row ${at}. They are left out of per-account figures; add the accounts, or see how the rows link in sources.${t.name}.link (docs/config.md).`
          : `${t.file}: ${formatCount(n)} row${n === 1 ? ' names an account' : 's name accounts'} missing from ${tables.get('accounts')?.file}, first ${showValue(v)} at row ${at}. They are left out of per-account figures; add the accounts or correct the ids.`,
      });
    }
    issues.push(...(await missingAccount(db, t, header, left.missing)));
  }
  const deals = tables.get('deals');
  const contacts = tables.get('contacts');
  const dc = tables.get('deal_contacts');
  if (dc && deals) issues.push(...(await dangling(db, dc, 'deal_id', 'deals', deals.file)));
  if (dc && contacts)
    issues.push(...(await dangling(db, dc, 'contact_id', 'contacts', contacts.file)));
  const accounts = tables.get('accounts');
  if (accounts) issues.push(...(await lookalikes(db, accounts)));
  issues.push(...(await amountOutliers(db, tables)));
  return issues;
}

/** A table's unlinked rows found by scanning it (its rows whose id is no account's, or none). */
async function scanUnlinked(db: Database, t: LoadedTable): Promise<UnlinkedRows> {
  const row = await db.one(
    `SELECT count(*) AS n, arg_min(account_id, ${SOURCE_ROW}) AS v, min(${SOURCE_ROW}) AS r,
       (SELECT count(*) FROM ${t.name} WHERE account_id IS NULL) AS missing FROM ${t.name} x
     WHERE account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_id = x.account_id)`,
  );
  const orphans = num(row?.n);
  return {
    orphans,
    ...(orphans > 0 ? { first: { value: str(row?.v) ?? '', row: num(row?.r) } } : {}),
    missing: num(row?.missing),
  };
}

/** Whether a table's ids are not the accounts' own, so its rows were linked another way. */
function linkedBeyondIds(links: readonly LinkReport[], table: string): boolean {
  const report = links.find((l) => l.table === table);
  return report !== undefined && (report.by.id === 0 || report.linked > report.by.id);
}

async function missingAccount(
  db: Database,
  t: LoadedTable,
  header: string,
  missing: number,
): Promise<DataIssue[]> {
  // Both kinds of warning are about rows without an account id.
  if (missing === 0) return [];
  if (t.name === 'deals') {
    const open = await db.all(
      `SELECT deal_id FROM deals WHERE account_id IS NULL AND stage = 'open' ORDER BY ${SOURCE_ROW}`,
    );
    const closed = await db.one(
      `SELECT count(*) AS n FROM deals WHERE account_id IS NULL AND stage <> 'open'`,
    );
    const out: DataIssue[] = [];
    if (open.length > 0) {
      const ids = open.map((r) => str(r.deal_id) ?? '');
      const shown = ids.slice(0, 10).join(', ');
      const more = ids.length > 10 ? ` and ${formatCount(ids.length - 10)} more` : '';
      out.push({
        severity: 'warning',
        code: 'open_without_account',
        table: 'deals',
        file: t.file,
        column: header,
        count: ids.length,
        message: `${t.file}: ${formatCount(ids.length)} open deal${ids.length === 1 ? ' has' : 's have'} no account (column "${header}" empty): ${shown}${more}. They count as pipeline but cannot be scored or tied to an account until the account is filled in.`,
      });
    }
    const nClosed = num(closed?.n);
    if (nClosed > 0) {
      out.push({
        severity: 'warning',
        code: 'missing_reference',
        table: 'deals',
        file: t.file,
        column: header,
        count: nClosed,
        message: `${t.file}: ${formatCount(nClosed)} closed deal${nClosed === 1 ? ' has' : 's have'} no account (column "${header}" empty); ${nClosed === 1 ? 'it is' : 'they are'} left out of per-account figures.`,
      });
    }
    return out;
  }
  const n = missing;
  // A file with no account id column was linked by name, domain or email only.
  const why = t.columns.account_id
    ? `column "${header}" empty, or its key not found`
    : 'no account id column, and no name, domain or email that links';
  return [
    {
      severity: 'warning',
      code: 'missing_reference',
      table: t.name,
      file: t.file,
      ...(t.columns.account_id ? { column: header } : {}),
      count: n,
      message: `${t.file}: ${formatCount(n)} row${n === 1 ? ' has' : 's have'} no account (${why}); ${n === 1 ? 'it is' : 'they are'} left out of per-account figures.`,
    },
  ];
}

async function dangling(
  db: Database,
  t: LoadedTable,
  column: 'deal_id' | 'contact_id',
  target: 'deals' | 'contacts',
  targetFile: string,
): Promise<DataIssue[]> {
  const row = await db.one(
    `SELECT count(*) AS n, arg_min(${column}, ${SOURCE_ROW}) AS v, min(${SOURCE_ROW}) AS r FROM ${t.name} x
     WHERE NOT EXISTS (SELECT 1 FROM ${target} y WHERE y.${column} = x.${column})`,
  );
  const n = num(row?.n);
  if (n === 0) return [];
  const v = str(row?.v) ?? '';
  return [
    {
      severity: 'warning',
      code: 'orphan',
      table: t.name,
      file: t.file,
      row: num(row?.r),
      column: t.columns[column]?.header ?? column,
      value: v,
      count: n,
      message: `${t.file}: ${formatCount(n)} row${n === 1 ? ' names a' : 's name'} ${column.replace('_id', '')} missing from ${targetFile}, first ${showValue(v)} at row ${num(row?.r)}. They are left out of buying-committee figures.`,
    },
  ];
}

async function lookalikes(db: Database, accounts: LoadedTable): Promise<DataIssue[]> {
  // Different companies share names; a shared domain is the sign of one company twice.
  const key = accounts.columns.domain ? 'domain' : accounts.columns.name ? 'name' : undefined;
  if (key === undefined) return [];
  const rows = await db.all(
    `SELECT '${key}' AS col, lower(trim(${key})) AS v, count(*) AS n, list(${SOURCE_ROW} ORDER BY ${SOURCE_ROW})[1:2] AS rows_
     FROM accounts WHERE ${key} IS NOT NULL GROUP BY 2 HAVING count(*) > 1 ORDER BY rows_[1]`,
  );
  if (rows.length === 0) return [];
  const first = rows[0]!;
  const at = (first.rows_ as number[]).map((r) => num(r));
  const groups = rows.length;
  return [
    {
      severity: 'warning',
      code: 'duplicate_name',
      table: 'accounts',
      file: accounts.file,
      row: at[1] ?? 0,
      column: accounts.columns[str(first.col) ?? 'name']?.header ?? 'name',
      value: str(first.v) ?? '',
      count: groups,
      message: `${accounts.file}: ${formatCount(groups)} ${key}${groups === 1 ? ' is' : 's are'} shared by more than one account id, first ${showValue(str(first.v) ?? '')} at rows ${at.join(' and ')}. They are kept apart; merge them in the source if they are one company.`,
    },
  ];
}
