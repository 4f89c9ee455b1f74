import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quoteLiteral } from '../../core/sql/quote.js';
import { Database } from '../../data/db/database.js';
import { copySql, streamInOrder } from './ordered-copy.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-ordered-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 300,000 rows: more than two of DuckDB's row groups, so two threads would share them. */
const ROWS = "SELECT i AS id, 'note ' || (i * 7) % 1000 AS note FROM range(300000) t(i)";

/** The physical COPY operator DuckDB plans for the statement. */
async function copyOperator(db: Database, sql: string): Promise<string[]> {
  const plan = JSON.stringify(await db.all(`EXPLAIN ${sql}`));
  return plan.match(/\b[A-Z_]*COPY_TO_FILE\b/g) ?? [];
}

describe('streamInOrder', () => {
  it('plans a plain streaming COPY where two threads would hold batches back to keep the order', async () => {
    const input = join(dir, 'input.csv');
    const out = join(dir, 'plain.csv');
    const db = await Database.open();
    try {
      await db.run(copySql(ROWS, input, 'csv'));
      const select = `SELECT * FROM read_csv(${quoteLiteral(input)}, all_varchar = true)`;
      // Without it, DuckDB's order-preserving batch COPY (the memory that grew with the file).
      expect(await copyOperator(db, copySql(select, out, 'csv'))).toEqual(['BATCH_COPY_TO_FILE']);
      await streamInOrder(db);
      expect(await copyOperator(db, copySql(select, out, 'csv'))).toEqual(['COPY_TO_FILE']);
      await db.run(copySql(select, out, 'csv'));
    } finally {
      db.close();
    }
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBe(300001);
    expect(lines.slice(0, 3)).toEqual(['id,note', '0,note 0', '1,note 7']);
    expect(lines.slice(1).every((line, i) => line === `${i},note ${(i * 7) % 1000}`)).toBe(true);
  });
});

describe('copySql', () => {
  it('writes a header row for CSV only, unless told not to (a later part of the rows)', () => {
    expect(copySql('SELECT 1', "/tmp/it's.csv", 'csv')).toBe(
      "COPY (SELECT 1) TO '/tmp/it''s.csv' (FORMAT csv, HEADER)",
    );
    expect(copySql('SELECT 1', '/tmp/b.csv', 'csv', false)).toBe(
      "COPY (SELECT 1) TO '/tmp/b.csv' (FORMAT csv, HEADER false)",
    );
    expect(copySql('SELECT 1', '/tmp/a.parquet', 'parquet')).toBe(
      "COPY (SELECT 1) TO '/tmp/a.parquet' (FORMAT parquet)",
    );
  });
});
