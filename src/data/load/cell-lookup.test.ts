import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';
import { createParsedTable } from './cell-dictionary.js';
import { cellLookup } from './cell-lookup.js';
import { parsePass } from './parse-pass.js';
import { dateExpr, numberExpr, textExpr } from './parse-sql.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open();
});
afterAll(async () => {
  await db.close();
});

/** A cell table as readThroughCells makes it: the distinct cells `k`, text `v0`, date `v1`. */
async function cellTable(name: string, cells: readonly (string | null)[]): Promise<void> {
  const values = cells.map((c) => (c === null ? '(NULL)' : `('${c}')`)).join(', ');
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${name} AS SELECT k, ${textExpr('k')} AS v0, ${dateExpr(textExpr('k'), [])} AS v1 FROM (VALUES ${values}) AS c(k)`,
  );
}

describe('cellLookup', () => {
  it('reads a text value equal to its cell for every cell as the cell itself', async () => {
    await cellTable('ids', ['ACC-1', 'ACC-2', null]);
    const lookup = await cellLookup(db, 'ids', 'ids', 1, 'r.id');
    expect(lookup).toEqual({ exprs: ['r.id'], cleanup: [] });
  });

  it("reads other values at the cell's ENUM code, a NULL cell's value last, as the join gives", async () => {
    // 'infinity' is a date to DuckDB's cast, not to the parser: the dates need the lookup too.
    const cells = [' 2026-01-02', '2026-01-02', 'NULL', '', '2024-02-30', 'x', 'infinity', null];
    await cellTable('dates', cells);
    const lookup = await cellLookup(db, 'dates', 'dates', 2, 'r.cell');
    expect(lookup?.exprs.map((e) => e.startsWith('getvariable(')).sort()).toEqual([true, true]);
    expect(lookup?.cleanup).toEqual([
      'DROP TYPE "dates_enum"',
      'RESET VARIABLE "dates_v0"',
      'RESET VARIABLE "dates_v1"',
    ]);
    const rows = cells.map((c) => (c === null ? '(NULL)' : `('${c}')`)).join(', ');
    const raw = `(VALUES ${rows}, ${rows}) AS r(cell)`;
    const got = await db.all(
      `SELECT r.cell, ${lookup!.exprs[0]} AS t, ${lookup!.exprs[1]} AS d FROM ${raw}`,
    );
    const joined = await db.all(
      `SELECT r.cell, c.v0 AS t, c.v1 AS d FROM ${raw} LEFT JOIN dates AS c ON c.k IS NOT DISTINCT FROM r.cell`,
    );
    const key = (r: Record<string, unknown>) => JSON.stringify(r);
    expect(got.map(key).sort()).toEqual(joined.map(key).sort());
    const dates = ['2026-01-02', '2026-01-02', null, null, null, null, null, null];
    expect(got.map((r) => r.d)).toEqual([...dates, ...dates]);
    for (const sql of lookup!.cleanup) await db.run(sql);
  });

  it('leaves the join to cells that are not text (a Parquet DATE): an ENUM holds text only', async () => {
    await db.run(
      `CREATE OR REPLACE TEMP TABLE typed AS SELECT k, CAST(k AS VARCHAR) AS v0 FROM (VALUES (DATE '2021-05-31'), (DATE '2022-01-02'), (NULL)) AS c(k)`,
    );
    expect(await cellLookup(db, 'typed', 'typed', 1, 'r.day')).toBeUndefined();
  });

  it('leaves the join to a table of more than 4,096 cells that are not their values', async () => {
    await db.run(
      `CREATE OR REPLACE TEMP TABLE many AS SELECT k, ${textExpr('k')} AS v0 FROM (SELECT ' c' || i AS k FROM range(4097) AS t(i))`,
    );
    expect(await cellLookup(db, 'many', 'many', 1, 'r.cell')).toBeUndefined();
    await db.run(`DELETE FROM many WHERE k = ' c0'`);
    expect((await cellLookup(db, 'many', 'many', 1, 'r.cell'))?.exprs).toHaveLength(1);
  });
  it('reads a value its cast gives for every cell by the cast, at any number of cells', async () => {
    // 5,000 plain amounts (more than the ENUM lookup takes) and a NULL, as a number column's cell
    // table: its text is the cell, its number the cell's TRY_CAST to DOUBLE.
    const cells = `SELECT CAST(i AS VARCHAR) || '.50' AS k FROM range(5000) AS t(i) UNION ALL SELECT NULL`;
    const table = (extra: string) =>
      db.run(
        `CREATE OR REPLACE TEMP TABLE amounts AS SELECT k, ${textExpr('k')} AS v0, ${numberExpr(textExpr('k'))} AS v1, ${dateExpr(textExpr('k'), [])} AS v2 FROM (${cells}${extra}) AS c`,
      );
    await table(" UNION ALL SELECT '2026-01-02'");
    const lookup = await cellLookup(db, 'amounts', 'amounts', 3, 'r.cell');
    expect(lookup).toEqual({
      exprs: ['r.cell', 'TRY_CAST(r.cell AS DOUBLE)', 'TRY_CAST(r.cell AS DATE)'],
      cleanup: [],
    });
    const got = await db.all(
      `SELECT count(*) FILTER (WHERE ${lookup!.exprs[1]} IS DISTINCT FROM c.v1 OR ${lookup!.exprs[2]} IS DISTINCT FROM c.v2) AS differ, count(c.v1) AS numbers, count(c.v2) AS dates FROM amounts AS c, LATERAL (SELECT c.k AS cell) AS r`,
    );
    expect(got).toEqual([{ differ: '0', numbers: '5000', dates: '1' }]);
    // A cell the cast reads otherwise ("1,234" is 1234 to the parser, NULL to the cast; "1_000"
    // the other way round) leaves the join to a table this large.
    for (const cell of ['1,234', '1_000']) {
      await table(` UNION ALL SELECT '${cell}'`);
      expect(await cellLookup(db, 'amounts', 'amounts', 3, 'r.cell')).toBeUndefined();
    }
  });
});

describe('createParsedTable with repeating cells', () => {
  /** 300,000 tickets of 5,000 accounts; every seventh date written `space` (a space) first. */
  async function parseTickets(space: string) {
    const rows = 300_000;
    await db.run(
      `CREATE OR REPLACE TEMP TABLE raw_tickets AS SELECT 'T-' || i AS "Ticket ID", 'A-' || (i % 5000) AS "Account ID", CASE WHEN i % 7 = 0 THEN '${space}2026-01-0' || (i % 9 + 1) ELSE '2025-12-' || (i % 20 + 10) END AS "Created At" FROM range(${rows}) AS t(i)`,
    );
    const raw: RawSource = {
      table: 'tickets',
      file: 'tickets.csv',
      rawTable: 'raw_tickets',
      headers: ['Ticket ID', 'Account ID', 'Created At'],
      rows,
      rowBase: 2,
      format: 'csv',
      warnings: [],
    };
    const resolved = {
      mapped: {
        ticket_id: { header: 'Ticket ID', scale: 1, guessed: false },
        account_id: { header: 'Account ID', scale: 1, guessed: false },
        created_at: { header: 'Created At', scale: 1, guessed: false },
      },
      extras: [],
    };
    const stages = { won: [], lost: [], open: undefined };
    const pass = parsePass('tickets', resolved, { today: '2026-09-30', stages, dateFormats: {} });
    const made = await createParsedTable(db, raw, pass, 'parsed_tickets');
    const a = pass.aliases;
    const differ = `count(*) FILTER (WHERE ${a.account_id!.text} IS DISTINCT FROM ${textExpr(`r."Account ID"`)} OR ${a.created_at!.parsed} IS DISTINCT FROM ${dateExpr(textExpr(`r."Created At"`), [])}) AS differ`;
    return { made, differ };
  }

  it("keeps the file's order on two threads: no join, so the typed table is not sorted", async () => {
    const { made, differ } = await parseTickets(' ');
    // The dates' text is trimmed: a lookup of the cells, so a table (its variables are dropped).
    expect(made).toEqual({ tables: [], ordered: true, perRow: ['Ticket ID'], view: false });
    const off = await db.one(
      `SELECT count(*) FILTER (WHERE p.__icp_rid <> p.rowid) AS off, ${differ} FROM parsed_tickets AS p JOIN raw_tickets AS r ON r.rowid = p.__icp_rid`,
    );
    expect(off).toEqual({ off: '0', differ: '0' });
    await db.run('DROP TABLE parsed_tickets');
  });

  it('is a view of the raw rows when every value is the cell, a cast of it or read per row', async () => {
    const { made, differ } = await parseTickets('');
    expect(made).toEqual({ tables: [], ordered: true, perRow: ['Ticket ID'], view: true });
    const got = await db.one(
      `SELECT count(*) AS n, ${differ} FROM parsed_tickets AS p JOIN raw_tickets AS r ON r.rowid = p.__icp_rid`,
    );
    expect(got).toEqual({ n: '300000', differ: '0' });
    await db.run('DROP VIEW parsed_tickets');
  });
});
