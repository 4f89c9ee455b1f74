import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num } from '../db/database.js';
import type { LoadedTable } from './load-table.js';

/**
 * The accounts' keys -> account, each kind built when a table first needs it (most exports
 * link by id alone, and a table without domains or emails never needs the domain keys, the
 * dearest: a regular expression per account). Kinds: `domain`, `name`, `column:<column>`.
 */
export class AccountKeys {
  private created = false;
  private readonly kinds = new Set<string>();
  constructor(
    private readonly db: Database,
    private readonly accounts: LoadedTable,
  ) {}

  /** Makes `_account_keys` hold the keys of each kind given (other kinds match nothing). */
  async ensure(kinds: Iterable<string>): Promise<void> {
    const parts: string[] = [];
    for (const kind of kinds) {
      if (this.kinds.has(kind)) continue;
      this.kinds.add(kind);
      const rows = this.keyRows(kind);
      if (rows !== undefined) parts.push(rows);
    }
    if (parts.length === 0) {
      if (!this.created) {
        await this.db.run(`CREATE OR REPLACE TEMP TABLE _account_keys
          (kind VARCHAR, key VARCHAR, account_id VARCHAR, accounts BIGINT)`);
        this.created = true;
      }
      return;
    }
    // The keys are stored before they are filtered: DuckDB pushes the filter below the key
    // expressions and computes each key twice more in it (3.0 against 0.8 CPU-s at 300,000
    // accounts).
    await this.db.run(`CREATE OR REPLACE TEMP TABLE _account_key_rows AS
      SELECT * FROM (${parts.join(' UNION ALL ')}) AS k(kind, key, account_id)`);
    const rows = `SELECT kind, key, min(account_id) AS account_id, count(DISTINCT account_id) AS accounts
      FROM _account_key_rows WHERE key IS NOT NULL AND key <> '' GROUP BY 1, 2`;
    await this.db.run(
      this.created
        ? `INSERT INTO _account_keys ${rows}`
        : `CREATE OR REPLACE TEMP TABLE _account_keys AS ${rows}`,
    );
    await this.db.run('DROP TABLE _account_key_rows');
    this.created = true;
  }

  /** The SQL of one kind's (kind, key, account_id) rows, or undefined when it has none. */
  private keyRows(kind: string): string | undefined {
    if (kind === 'domain') {
      return this.accounts.columns.domain
        ? `SELECT 'domain', icp_domain_key(domain), account_id FROM accounts`
        : undefined;
    }
    // Without a name column the id is often the name (exports keyed by company name).
    if (kind === 'name')
      return distinctNameKeys(this.accounts.columns.name ? 'name' : 'account_id');
    if (!kind.startsWith('column:')) return undefined;
    const column = kind.slice('column:'.length);
    return `SELECT ${quoteLiteral(kind)}, ${keyText(quoteIdent(column))}, account_id FROM accounts`;
  }
}

/**
 * The name key of each account, computed once per distinct name (names repeat: "Acme" is many
 * accounts' name) and joined back; the same rows as `icp_name_key(name)` on every account.
 */
function distinctNameKeys(name: string): string {
  return `SELECT 'name', n.key, a.account_id FROM accounts a
    JOIN (SELECT v, icp_name_key(v) AS key FROM (SELECT DISTINCT ${name} AS v FROM accounts)) n
    ON n.v IS NOT DISTINCT FROM a.${name}`;
}

export const keyText = (sql: string) => `lower(trim(CAST(${sql} AS VARCHAR)))`;

/**
 * The accounts column that holds the ids the rows carry, found by its values: a CRM export
 * often keeps the billing tool's customer id ("Stripe Customer ID") on each company. Taken
 * when it holds at least two of the rows' unmatched ids and a fifth of them.
 */
export async function detectKeyColumn(
  db: Database,
  accounts: LoadedTable,
): Promise<{ column: string; header: string } | undefined> {
  const candidates = accounts.extras.filter((x) => x.type === 'text').slice(0, 200);
  if (candidates.length === 0) return undefined;
  const hits = candidates.map(
    (x, i) =>
      `(SELECT count(*) FROM refs WHERE r IN (SELECT ${keyText(quoteIdent(x.name))} FROM accounts)) AS h${i}`,
  );
  const row =
    (await db.one(`WITH refs AS (
      SELECT DISTINCT ${keyText('account_id')} AS r FROM _pending WHERE account_id IS NOT NULL)
    SELECT (SELECT count(*) FROM refs) AS refs, ${hits.join(', ')}`)) ?? {};
  const refs = num(row.refs);
  let best: { column: string; header: string; n: number } | undefined;
  candidates.forEach((x, i) => {
    const n = num(row[`h${i}`]);
    if (n >= 2 && n >= refs / 5 && (!best || n > best.n))
      best = { column: x.name, header: x.header, n };
  });
  return best && { column: best.column, header: best.header };
}
