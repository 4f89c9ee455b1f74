import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../db/database.js';
import { duplicateKeys } from './key-checks.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open({});
});
afterAll(() => db.close());

const raw = { rawTable: 'ids', rowBase: 2, file: 'accounts.csv' };

describe('duplicateKeys', () => {
  it('names the duplicate that repeats earliest in the file, the row it repeats, and counts the rest', async () => {
    // Rows (file rows = rowid + 2): A at 2, 5 and 9; B at 3 and 4; C once; D at 6 and 10.
    await db.run(`CREATE OR REPLACE TABLE ids AS SELECT * FROM (VALUES
      ('A'), ('B'), ('B'), ('A'), ('D'), ('C'), (NULL), ('A'), ('D'), (NULL)) t(id)`);
    const issues = await duplicateKeys(db, raw, 'accounts', 'Account ID', 'r.id');
    expect(issues).toEqual([
      {
        severity: 'error',
        code: 'duplicate_key',
        table: 'accounts',
        file: 'accounts.csv',
        row: 4,
        column: 'Account ID',
        value: 'B',
        count: 4,
        message:
          'accounts.csv row 4, column "Account ID": "B" is already used at row 3; ids must be unique. Remove the duplicate row or give it its own id (3 more duplicate rows).',
      },
    ]);
  });

  it('finds none when every id is unique (empty cells are not ids)', async () => {
    await db.run(
      `CREATE OR REPLACE TABLE ids AS SELECT * FROM (VALUES ('A'), (NULL), ('B'), (NULL)) t(id)`,
    );
    expect(await duplicateKeys(db, raw, 'accounts', 'Account ID', 'r.id')).toEqual([]);
  });
});
