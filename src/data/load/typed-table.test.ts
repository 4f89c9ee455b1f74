import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../db/database.js';
import { writeTypedTable } from './typed-table.js';

describe('writeTypedTable', () => {
  it('stores the unique text columns uncompressed, the rest as DuckDB chooses, rows in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icp-typed-test-'));
    const db = await Database.open({ spillDir: dir });
    try {
      // 200,000 rows in reverse order: unique ids, 10 account ids, 4 priorities, a number, a date.
      await db.run(
        "CREATE TEMP TABLE p AS SELECT 199999 - i AS rid, 'T-' || (199999 - i) AS id, 'A-' || (i % 10) AS acc, 'P-' || (i % 4) AS prio, i * 0.5 AS amount, DATE '2025-01-01' + CAST(i % 300 AS INTEGER) AS day FROM range(200000) AS t(i)",
      );
      const query =
        'SELECT CAST(rid + 2 AS BIGINT) AS _source_row, id AS ticket_id, acc AS account_id, prio AS priority, amount, day FROM p AS r ORDER BY rid';
      await writeTypedTable(db, 'tickets', query, new Set(['ticket_id', 'account_id', 'amount']));
      const storage = await db.all(
        "SELECT column_name AS c, list(DISTINCT compression ORDER BY compression) AS m FROM pragma_storage_info('tickets') WHERE segment_type NOT IN ('VALIDITY') GROUP BY ALL ORDER BY c",
      );
      const methods = Object.fromEntries(storage.map((r) => [r.c, r.m]));
      expect(methods.ticket_id).toEqual(['Uncompressed']);
      // A column named is stored uncompressed even where its cells repeat; one not named is not.
      expect(methods.account_id).toEqual(['Uncompressed']);
      expect(methods.priority).not.toContain('Uncompressed');
      expect(methods.amount).not.toContain('Uncompressed');
      const made = await db.one(
        "SELECT count(*) FILTER (WHERE _source_row <> rowid + 2 OR ticket_id <> 'T-' || rowid) AS off, count(*) AS n FROM tickets",
      );
      expect(made).toEqual({ off: '0', n: '200000' });
      const same = await db.one(
        `SELECT count(*) AS n FROM (SELECT * FROM tickets EXCEPT ALL SELECT * FROM (${query}) UNION ALL (SELECT * FROM (${query}) EXCEPT ALL SELECT * FROM tickets))`,
      );
      expect(same).toEqual({ n: '0' });
      const types = await db.all('SELECT column_name, column_type FROM (DESCRIBE tickets)');
      expect(types.map((t) => `${t.column_name} ${t.column_type}`)).toEqual([
        '_source_row BIGINT',
        'ticket_id VARCHAR',
        'account_id VARCHAR',
        'priority VARCHAR',
        'amount DECIMAL(21,1)',
        'day DATE',
      ]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes columns named alike but for case as CREATE TABLE ... AS does', async () => {
    // A Stripe payments export keeps its "Amount" beside the canonical amount: a CREATE TABLE
    // with both names fails ("Column with name Amount already exists").
    const db = await Database.open();
    try {
      const query = "SELECT 'P-1' AS payment_id, 12.5 AS amount, '12.50' AS \"Amount\"";
      await writeTypedTable(db, 'payments', query, new Set(['payment_id']));
      await db.run(`CREATE TABLE payments_as AS ${query}`);
      const shape = (t: string) => db.all(`SELECT column_name, column_type FROM (DESCRIBE ${t})`);
      expect(await shape('payments')).toEqual(await shape('payments_as'));
      expect(await db.all('SELECT * FROM payments')).toEqual(
        await db.all('SELECT * FROM payments_as'),
      );
    } finally {
      db.close();
    }
  });
});
