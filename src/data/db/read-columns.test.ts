import { describe, expect, it } from 'vitest';
import { Database } from './database.js';
import { readColumns } from './read-columns.js';

describe('readColumns', () => {
  it('reads numbers into Float64Array with NaN for NULL and text with null, across many chunks', async () => {
    const db = await Database.open();
    try {
      const sql = `SELECT i AS id, CASE WHEN i % 10 = 0 THEN NULL ELSE i * 1.5 END AS "x y", CASE WHEN i % 7 = 0 THEN NULL ELSE 'k' || (i % 3) END AS cat FROM range(5000) t(i)`;
      const data = await readColumns(db, sql, { 'x y': 'number', cat: 'text' });
      expect(data.rows).toBe(5000);
      const x = data.numbers['x y']!;
      const cat = data.texts.cat!;
      expect([x[0], x[1], x[4999]]).toEqual([Number.NaN, 1.5, 7498.5]);
      expect([cat[0], cat[1], cat[4999]]).toEqual([null, 'k1', 'k1']);
      expect(x.filter((v) => Number.isNaN(v)).length).toBe(500);
      expect(cat.filter((v) => v === null).length).toBe(715);
    } finally {
      db.close();
    }
  });
});
