import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../db/database.js';
import { type Attempt, linkSql, pendingRows } from './link-accounts.js';
import { createLinkKeyMacros } from './link-keys-sql.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await createLinkKeyMacros(db);
  await db.run(`CREATE TABLE accounts AS SELECT * FROM (VALUES ('A1', 'Acme'), ('A2', 'Globex'),
    ('A3', 'Acme Inc')) AS t(account_id, name)`);
  await db.run(`CREATE TABLE _pending AS SELECT * FROM (VALUES (1, 'A2;A1'), (2, 'A9;A1'),
    (3, 'globex'), (4, 'ACME'), (5, NULL)) AS t(_source_row, account_id)`);
  await db.run(`CREATE TABLE _account_keys AS SELECT 'name' AS kind, icp_name_key(name) AS key,
    min(account_id) AS account_id, count(DISTINCT account_id) AS accounts FROM accounts GROUP BY 1, 2`);
});
afterAll(() => db.close());

const byName: Attempt[] = [['name', 'icp_name_key(x.account_id)', 'name']];

describe('linkSql', () => {
  it("links a list's first id, else by key; a key two accounts share links nothing", async () => {
    const rows = await db.all(`${linkSql(byName)} ORDER BY 1`);
    expect(rows.map((r) => [r._source_row, r.method, r.account_id, r.ambiguous, r.no_key])).toEqual(
      [
        [1, 'id', 'A2', false, false],
        [2, null, null, false, false],
        [3, 'name', 'A2', false, false],
        [4, null, null, true, false],
        [5, null, null, false, true],
      ],
    );
  });

  it('hashes its joins: no nested loop over every account or key for each pending row', async () => {
    const plan = (await db.all(`EXPLAIN ${linkSql(byName)}`))
      .map((r) => String(r.explain_value))
      .join('\n');
    expect(plan).toContain('HASH_JOIN');
    expect(plan).not.toMatch(/NL_JOIN|NESTED_LOOP|CROSS_PRODUCT/);
  });
});

describe('pendingRows', () => {
  it("counts each table's rows whose id is no account's, a missing id included, in one query", async () => {
    await db.run(`CREATE TABLE deals AS SELECT * FROM (VALUES ('A1'), ('A9'), (NULL), ('A2'), ('a1'))
      AS t(account_id)`);
    await db.run(`CREATE TABLE invoices AS SELECT * FROM (VALUES ('A1'), ('A3')) AS t(account_id)`);
    await db.run('CREATE TABLE tickets (account_id VARCHAR)');
    const pending = await pendingRows(db, ['deals', 'invoices', 'tickets']);
    // "A9", the missing id and "a1" (ids are matched exactly; the keys match the rest later).
    expect([...pending]).toEqual([['deals', 3]]);
    expect(await pendingRows(db, [])).toEqual(new Map());
  });
});
