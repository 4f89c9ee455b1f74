import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';
import { createParsedTable, readThroughCells } from './cell-dictionary.js';
import { parsePass } from './parse-pass.js';
import { dateExpr, numberExpr, rowTextExpr, textExpr } from './parse-sql.js';

// Amounts and dates whose cells do not repeat (read per row), with the edge cases of reading
// a cell: whitespace and NBSP around it, null tokens in any case, separators, scales,
// accounting negatives, text that is not a number or date, empty and NULL cells.
const AMOUNTS = [
  '12.5',
  ' 1,234.5 ',
  '(5)',
  '$3',
  '1.2M',
  '\u00a012\u00a0',
  'N/A',
  'NaN',
  'unknown',
  '',
  ' ',
  'abc',
  '1e3',
  '-0.5',
  '12,34',
  null,
];
const DATES = ['2026-01-02', ' 2025-12-31', '2024-02-30', 'NULL', '', '2023-1-5', 'x', null];

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  const rows = AMOUNTS.map((a, i) => {
    const cell = (v: string | null | undefined) => (v == null ? 'NULL' : `'${v}'`);
    return `('INV-${i}', ${cell(a)}, ${cell(DATES[i % DATES.length])})`;
  });
  await db.run(
    `CREATE TEMP TABLE raw_invoices AS SELECT * FROM (VALUES ${rows.join(', ')}) AS t("Invoice ID", "Amount", "Date")`,
  );
});
afterAll(async () => {
  await db.close();
});

const raw: RawSource = {
  table: 'invoices',
  file: 'invoices.csv',
  rawTable: 'raw_invoices',
  headers: ['Invoice ID', 'Amount', 'Date'],
  rows: AMOUNTS.length,
  rowBase: 2,
  format: 'csv',
  warnings: [],
};

describe('readThroughCells', () => {
  it("computes a per-row column's first expression once in the inner projection", async () => {
    const cells = await readThroughCells(
      db,
      { table: 'raw_invoices', rows: AMOUNTS.length, stem: 'test' },
      [
        {
          header: 'Amount',
          values: (cell) => [{ sql: numberExpr(textExpr(cell)), as: 'n' }],
          perRow: { first: rowTextExpr, values: (t) => [{ sql: numberExpr(t), as: 'n' }] },
        },
      ],
    );
    expect(cells.joins).toEqual([]);
    expect(cells.inner).toEqual([`${rowTextExpr('r."Amount"')} AS __icp_s0`]);
    expect(cells.select).toEqual([`${numberExpr('r.__icp_s0')} AS n`]);
  });
});

describe('createParsedTable', () => {
  it("reads per-row numbers and dates from their text's column, as textExpr and the parsing give", async () => {
    const resolved = {
      mapped: {
        invoice_id: { header: 'Invoice ID', scale: 1, guessed: false },
        amount: { header: 'Amount', scale: 1, guessed: false },
        date: { header: 'Date', scale: 1, guessed: false },
      },
      extras: [],
    };
    const stages = { won: [], lost: [], open: undefined };
    const pass = parsePass('invoices', resolved, { today: '2026-09-30', stages, dateFormats: {} });
    const made = await createParsedTable(db, raw, pass, 'parsed');
    expect(made).toEqual({
      tables: [],
      ordered: true,
      perRow: ['Invoice ID', 'Amount', 'Date'],
      view: false,
    });
    const a = pass.aliases;
    const expected = (h: string, parse: (t: string) => string) =>
      `${textExpr(`r."${h}"`)} AS t, ${parse(textExpr(`r."${h}"`))} AS p`;
    for (const [header, alias, parse] of [
      ['Amount', a.amount!, numberExpr],
      ['Date', a.date!, (t: string) => dateExpr(t, [])],
    ] as const) {
      const want = await db.all(
        `SELECT r.rowid AS rid, ${expected(header, parse)} FROM raw_invoices AS r ORDER BY rid`,
      );
      const got = await db.all(
        `SELECT __icp_rid AS rid, ${alias.text} AS t, ${alias.parsed} AS p FROM parsed ORDER BY rid`,
      );
      expect(got).toEqual(want);
      expect(got.length).toBe(AMOUNTS.length);
    }
  });
});
