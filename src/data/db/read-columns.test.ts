import { describe, expect, it } from 'vitest';
import { Database } from './database.js';
import { textCounts } from '../../core/binning/column-counts.js';
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

  it('codes a text column as textCounts counts its strings: first-met order, NULL -1, across chunks and an ENUM', async () => {
    const db = await Database.open();
    try {
      await db.run(`CREATE TYPE level AS ENUM ('low', 'high')`);
      const sql = `SELECT CASE WHEN i % 7 = 0 THEN NULL ELSE 'k' || (i * 13 % 5) END AS cat,
        CASE WHEN i % 3 = 0 THEN NULL WHEN i % 2 = 0 THEN 'high' ELSE 'low' END::level AS lvl
        FROM range(5000) t(i)`;
      const text = await readColumns(db, sql, { cat: 'text', lvl: 'text' });
      const coded = await readColumns(db, sql, { cat: 'code', lvl: 'code' });
      expect(coded.rows).toBe(5000);
      expect(coded.texts).toEqual({});
      expect(coded.codes.cat).toEqual(textCounts(text.texts.cat!));
      expect(coded.codes.lvl).toEqual(textCounts(text.texts.lvl!));
      expect(coded.codes.cat!.values).toEqual(['k3', 'k1', 'k4', 'k2', 'k0']);
      expect(coded.codes.cat!.counts).toEqual([857, 857, 857, 857, 857]);
      expect([...coded.codes.cat!.ids.slice(0, 4)]).toEqual([-1, 0, 1, 2]);
      expect(coded.codes.lvl!.values).toEqual(['low', 'high']);
      expect(coded.codes.lvl!.counts).toEqual([1667, 1666]);
    } finally {
      db.close();
    }
  });
});
