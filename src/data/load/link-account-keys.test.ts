import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../db/database.js';
import { AccountKeys } from './link-account-keys.js';
import { createLinkKeyMacros } from './link-keys-sql.js';
import type { LoadedTable } from './load-table.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await createLinkKeyMacros(db);
  await db.run(`CREATE TABLE accounts AS SELECT * FROM (VALUES
    ('A1', 'Acme, Inc.', 'https://www.acme.com/', 'BILL-1'),
    ('A2', 'ACME Inc', 'acme.co.uk', 'BILL-2'),
    ('A3', 'Globex', 'globex.com', NULL)) AS t(account_id, name, domain, billing)`);
});
afterAll(() => db.close());

const column = (header: string) => ({ header }) as LoadedTable['columns'][string];
const accounts = (withDomain: boolean) =>
  ({
    name: 'accounts',
    columns: {
      account_id: column('Account ID'),
      name: column('Company Name'),
      ...(withDomain ? { domain: column('Website') } : {}),
    },
    extras: [],
  }) as unknown as LoadedTable;

const keys = async () =>
  (await db.all('SELECT kind, key, account_id, accounts FROM _account_keys ORDER BY ALL')).map(
    (r) => `${r.kind} ${r.key} ${r.account_id} ${r.accounts}`,
  );

describe('AccountKeys', () => {
  it('builds only the kinds asked for, each once, the others when first asked', async () => {
    const k = new AccountKeys(db, accounts(true));
    await k.ensure(['name', 'name']);
    expect(await keys()).toEqual(['name acme A1 2', 'name globex A3 1']);
    await k.ensure(['name', 'domain', 'column:billing']);
    expect(await keys()).toEqual([
      'column:billing bill-1 A1 1',
      'column:billing bill-2 A2 1',
      'domain acme.co.uk A2 1',
      'domain acme.com A1 1',
      'domain globex.com A3 1',
      'name acme A1 2',
      'name globex A3 1',
    ]);
  });

  it('makes an empty table when no kind asked for has keys (no domain column, a bare column)', async () => {
    const k = new AccountKeys(db, accounts(false));
    await k.ensure(['domain', 'column']);
    expect(await keys()).toEqual([]);
    await k.ensure(['name']);
    expect(await keys()).toEqual(['name acme A1 2', 'name globex A3 1']);
  });
});
