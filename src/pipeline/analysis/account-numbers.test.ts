import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../data/db/database.js';
import { firstMet } from './account-numbers.js';
import { readDiscoveryRows } from './discovery-rows.js';
import { uniqueTable } from './table-ref.js';

let db: Database;
const attrs = uniqueTable('_attrs');
beforeAll(async () => {
  db = await Database.open({});
  // Six deals of four accounts, listed out of the units' order; account "z" has no attributes
  // row, so its deal is not read and takes no number.
  await db.run(`CREATE TABLE units AS SELECT * FROM (VALUES
    ('b', 'd4', 1), ('a', 'd2', 0), ('c', 'd1', 1), ('a', 'd6', 1), ('z', 'd0', 0), ('b', 'd3', 0),
    ('c', 'd5', 0)) t(account_id, _unit, _target)`);
  await db.run(`CREATE TABLE ${attrs} AS SELECT * FROM (VALUES
    ('a', 'red'), ('b', 'blue'), ('c', 'red')) t(account_id, "Colour")`);
});
afterAll(() => db.close());

const table = {
  table: attrs,
  candidates: [{ name: 'Colour', kind: 'categorical' as const }],
  excluded: [],
};
const units = 'SELECT account_id, _unit, _target, NULL::INT AS _bad FROM units';

describe('accounts numbered in SQL', () => {
  it('numbers each account in the order the rows (by unit) first meet it, as the ids read in JavaScript do', async () => {
    const numbered = await readDiscoveryRows(db, units, table);
    const read = await readDiscoveryRows(db, units, table, { accountIds: true });
    // Rows by unit: d1 (c), d2 (a), d3 (b), d4 (b), d5 (c), d6 (a).
    expect([...numbered.cluster]).toEqual([0, 1, 2, 2, 0, 1]);
    expect([...read.cluster]).toEqual([0, 1, 2, 2, 0, 1]);
    expect(read.texts._cluster).toEqual(['c', 'a', 'b', 'b', 'c', 'a']);
    expect(numbered.clustered).toBe(true);
    expect(Object.keys(numbered.numbers).sort()).toEqual(['_bad', '_target']);
    expect(Object.keys(numbered.texts)).toEqual(['Colour']);
    expect(numbered.texts.Colour).toEqual(['red', 'red', 'blue', 'blue', 'red', 'red']);
    expect([...numbered.target]).toEqual([1, 0, 0, 1, 0, 1]);
  });

  it('rows of one account each are not clustered', async () => {
    const one = `SELECT account_id, account_id AS _unit, 1 AS _target, NULL::INT AS _bad FROM ${attrs}`;
    const rows = await readDiscoveryRows(db, one, table);
    expect([...rows.cluster]).toEqual([0, 1, 2]);
    expect(rows.clustered).toBe(false);
  });

  it('renumbers keys in the order the rows first meet them', () => {
    expect([...firstMet(Float64Array.of(7, 2, 7, 5, 2, 1))]).toEqual([0, 1, 0, 2, 1, 3]);
    expect([...firstMet(new Float64Array(0))]).toEqual([]);
  });
});
