import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryKey, cellText } from '../src/core/parse/cell.js';
import { keySql, knownKeySql, rowTextSql, textSql } from '../src/core/parse/cell-sql.js';
import { quoteLiteral } from '../src/core/sql/quote.js';
import { Database } from '../src/data/db/database.js';
import { CELLS } from './support/parse-cells.js';

/**
 * `icp score`'s DuckDB reading of a category key takes two shortcuts (the text by `rowTextSql`,
 * the key by `knownKeySql`); both must give the key of the full reading on every cell.
 */
let db: Database;
beforeAll(async () => {
  db = await Database.open();
  const cells = [...CELLS, 'Fintech', ' SaaS / Software ', 'TRUE', 'Yes', 'n/a', 'N A', 'ÀB'];
  await db.run('CREATE TABLE cells (i INTEGER, c VARCHAR)');
  await db.run(
    `INSERT INTO cells VALUES ${cells.map((c, i) => `(${i}, ${quoteLiteral(c)})`).join(', ')}`,
  );
});
afterAll(() => db?.close());

/** Keys a scorecard could name: the cells' own keys, and spellings that are not their own key. */
const own = [...new Set(CELLS.slice(0, 400).map((c) => categoryKey(c)))].filter(
  (k): k is string => k !== null,
);
const notOwn = ['true', 'no', 'f', 'saas / software', 'Fintech', ' fintech', 'n/a', 'à-b', ''];

describe('knownKeySql over rowTextSql', () => {
  it("gives keySql's key over textSql on every cell, a key named or not", async () => {
    const full = keySql('duckdb', textSql('duckdb', 'c'));
    const short = knownKeySql(rowTextSql('c'), [...own, ...notOwn, 'yes', 'saas software']);
    const rows = await db.all(
      `SELECT c, ${full} AS want, ${short} AS got, lower(${rowTextSql('c')}) IN (${own.map(quoteLiteral).join(', ')}) AS named FROM cells ORDER BY i`,
    );
    expect(rows.filter((r) => r.got !== r.want).map((r) => [r.c, r.got, r.want])).toEqual([]);
    // The shortcut is taken on many cells, and yes-or-no spellings still meet as yes and no.
    const ownKeys = new Set(own);
    const spelt = rows.filter((r) => ownKeys.has(cellText(String(r.c))?.toLowerCase() ?? ''));
    expect(rows.filter((r) => r.named === true)).toHaveLength(spelt.length);
    expect(spelt.length).toBeGreaterThan(100);
    const yes = rows.filter((r) => r.c === 'TRUE' || r.c === 'Yes').map((r) => r.got);
    expect(yes.length).toBeGreaterThanOrEqual(2);
    expect([...new Set(yes)]).toEqual(['yes']);
  });

  it('takes only the named keys that are their own key', async () => {
    // 'true' read as itself would score "TRUE" in a bin of 'true', not of 'yes'.
    const sql = knownKeySql(`'TRUE'`, ['true', 'yes']);
    expect(sql).toContain(`IN ('yes')`);
    expect(await db.one(`SELECT ${sql} AS k`)).toEqual({ k: 'yes' });
    expect(knownKeySql('c', ['true', 'saas / software'])).toBe(keySql('duckdb', 'c'));
  });
});
