import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../data/db/database.js';
import { readDiscoveryRows } from './discovery-rows.js';
import { uniqueTable } from './table-ref.js';
import { MAX_ENUM_CELLS, textEnums } from './text-enums.js';

let db: Database;
const attrs = uniqueTable('_attrs');
beforeAll(async () => {
  db = await Database.open({});
  // Cells alike but for case, a trailing space or their Unicode form, an empty one and NULLs;
  // a column of NULLs only; a number; and a column with one more distinct cell than an ENUM holds.
  await db.run(`CREATE TABLE ${attrs} AS SELECT * FROM (VALUES
    ('a1', 'red', NULL, 3.5), ('a2', 'Red', NULL, 1), ('a3', 'red ', NULL, NULL), ('a4', '', NULL, 2),
    ('a5', NULL, NULL, 2), ('a6', 'é', NULL, 0), ('a7', 'e${'\u0301'}', NULL, 1), ('a8', 'red', NULL, 9))
    t(account_id, "Colour", "Nothing", "Size")`);
  await db.run(`CREATE TABLE wide AS SELECT 'a' || i AS account_id, 'cell ' || i AS "Many"
    FROM range(${MAX_ENUM_CELLS + 1}) r(i)`);
});
afterAll(() => db.close());

const candidates = [
  { name: 'Colour', kind: 'categorical' as const },
  { name: 'Nothing', kind: 'categorical' as const },
  { name: 'Size', kind: 'numeric' as const },
];
// Deals of the accounts, out of the accounts' order, some accounts twice.
const units = `SELECT * FROM (VALUES ('a3', 'd1', 1), ('a1', 'd2', 0), ('a7', 'd3', 1), ('a2', 'd4', 0),
  ('a3', 'd5', 0), ('a5', 'd6', 1), ('a4', 'd7', 1), ('a6', 'd8', 0), ('a8', 'd9', 1), ('a1', 'd10', 1))
  t(account_id, _unit, _target), (SELECT NULL::INT AS _bad)`;

describe('text attributes read through ENUM types', () => {
  it('reads the same codes, cells, counts and rows as the text, and drops its types', async () => {
    const enums = await textEnums(db, attrs, candidates);
    // A column of NULLs only and a number get no type.
    expect([...enums.types.keys()]).toEqual(['Colour']);
    const prepared = { table: attrs, candidates, excluded: [] };
    const typed = await readDiscoveryRows(db, units, prepared, {
      coded: true,
      enums: enums.types,
    });
    const plain = await readDiscoveryRows(db, units, prepared, { coded: true });
    const colour = typed.counted?.get('Colour')?.codes;
    expect(colour?.values).toEqual(['red ', 'red', 'e\u0301', 'Red', '', 'é']);
    expect(colour?.counts).toEqual([2, 3, 1, 1, 1, 1]);
    // By unit: d1 (a3), d10 (a1), d2 (a1), d3 (a7), d4 (a2), d5 (a3), d6 (a5), d7, d8, d9.
    expect([...(colour?.ids ?? [])]).toEqual([0, 1, 1, 2, 3, 0, -1, 4, 5, 1]);
    expect(colour).toEqual(plain.counted?.get('Colour')?.codes);
    expect(typed.counted?.get('Nothing')?.codes).toEqual(plain.counted?.get('Nothing')?.codes);
    expect(typed.numbers).toEqual(plain.numbers);
    expect([...typed.cluster]).toEqual([...plain.cluster]);
    await enums.drop();
    const left = await db.all(
      `SELECT type_name FROM duckdb_types() WHERE type_name LIKE '_cells%'`,
    );
    expect(left).toEqual([]);
  });

  it(`leaves a column of more than ${MAX_ENUM_CELLS} distinct cells as text`, async () => {
    const many = [{ name: 'Many', kind: 'categorical' as const }];
    const enums = await textEnums(db, 'wide' as typeof attrs, many);
    expect(enums.types.size).toBe(0);
  });
});
