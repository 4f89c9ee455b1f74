import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBooleanSql } from '../src/core/parse/cell-sql.js';
import { quoteIdent } from '../src/core/sql/quote.js';
import { Database, num } from '../src/data/db/database.js';
import { readColumns } from '../src/data/db/read-columns.js';
import { derivedParts } from '../src/data/load/infer-parts.js';
import { type InferredColumn, inferColumnTypes } from '../src/data/load/infer-types.js';
import { dateExpr, numberExpr, textExpr } from '../src/data/load/parse-sql.js';
import { planAttributes } from '../src/pipeline/analysis/attribute-plan.js';
import { attributeTables } from '../src/pipeline/discover/attribute-tables.js';

/**
 * Typing and parsing count distinct cells, not rows (`createColumnValues`, `attributeTables`):
 * the counts, the unreadable cells named and every parsed attribute must be what a query per
 * column over the rows gives, on a table of awkward cells (spaces, null tokens, money,
 * percents, scales, bad cells, US dates, months, lists, typed columns with -0.0 and NULL).
 */
const ROWS = 240;
const raw = { rawTable: 'raw_awkward', rowBase: 2 };
const HEADERS = ['amount', 'flag', 'founded', 'month', 'year', 'tools', 'city', 'empty', 'typed'];
let db: Database;

/** Row i's cells, text columns first; `typed` is a DOUBLE. */
function cells(i: number): (string | null)[] {
  const amount =
    i === 10 ? '####' : i === 20 ? '5/18/27' : i === 30 ? 'abc' : i % 17 === 0 ? 'n/a' : null;
  const money = ['$1,200', ' 1.2M ', '12%', '(300)', '7', '', '3.5e2'][i % 7] as string;
  const founded =
    i === 5
      ? '31/31/2011'
      : i === 6
        ? 'soon'
        : i % 13 === 0
          ? ''
          : `0${(i % 9) + 1}/1${i % 10}/20${10 + (i % 9)}`;
  return [
    amount ?? money,
    [' Yes', 'no', 'TRUE', 'f', '', 'NULL'][i % 6] as string,
    founded,
    `20${10 + (i % 9)}-0${(i % 9) + 1}`,
    String(2000 + (i % 15)),
    ['AWS', ' hubspot', 'Slack ', 'Zoom', 'jira']
      .filter((_, b) => (i >> b) % 2 === 1)
      .join(i % 4 === 0 ? '; ' : ';'),
    [' Paris', 'Paris ', 'paris', 'Lyon', '-'][i % 5] as string,
    i % 2 === 0 ? '' : 'N/A',
    null,
  ];
}

beforeAll(async () => {
  db = await Database.open();
  const literal = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const c = cells(i);
    const typed =
      i % 11 === 0 ? 'NULL' : i % 3 === 0 ? "'-0.0'" : i % 3 === 1 ? "'0.0'" : `'${i}.5'`;
    return `(${c.slice(0, 8).map(literal).join(', ')}, CAST(${typed} AS DOUBLE))`;
  });
  const columns = HEADERS.map(quoteIdent).join(', ');
  await db.run(
    `CREATE TABLE raw_awkward AS SELECT * FROM (VALUES ${rows.join(', ')}) AS t(${columns})`,
  );
});
afterAll(() => db.close());

/** What one query per column over the rows counts (the typing's own definitions). */
async function rowCounts(header: string) {
  const x = textExpr(`r.${quoteIdent(header)}`);
  const row = await db.one(`SELECT count(${x}) AS filled,
    count(${x}) FILTER (WHERE ${numberExpr(x)} IS NULL) AS not_numbers,
    count(${x}) FILTER (WHERE NOT ${isBooleanSql(x)}) AS not_booleans FROM raw_awkward r`);
  return {
    filled: num(row?.filled),
    notNumbers: num(row?.not_numbers),
    notBooleans: num(row?.not_booleans),
  };
}

describe('typing from distinct cells', () => {
  let types: InferredColumn[];
  beforeAll(async () => {
    types = await inferColumnTypes(db, raw, HEADERS);
  });

  it('types every column as the rows say', () => {
    expect(types.map((t) => [t.header, t.type.kind])).toEqual([
      ['amount', 'number'],
      ['flag', 'boolean'],
      ['founded', 'date'],
      ['month', 'date'],
      ['year', 'number'],
      ['tools', 'list'],
      ['city', 'text'],
      ['empty', 'text'],
      ['typed', 'number'],
    ]);
  });

  it('counts unreadable cells as a query over the rows does, naming the first three rows', async () => {
    const amount = types[0]!.type;
    const counts = await rowCounts('amount');
    expect(counts).toEqual({ filled: 193, notNumbers: 3, notBooleans: 193 });
    expect(amount).toEqual({
      kind: 'number',
      yearLike: false,
      unreadable: {
        count: 3,
        filled: 193,
        examples: [
          { row: 12, value: '####' },
          { row: 22, value: '5/18/27' },
          { row: 32, value: 'abc' },
        ],
      },
    });
    const founded = types[2]!.type;
    const x = textExpr('r.founded');
    const bad = await db.one(
      `SELECT count(${x}) FILTER (WHERE ${dateExpr(x, ['%m/%d/%Y'])} IS NULL) AS n, count(${x}) AS f FROM raw_awkward r`,
    );
    expect([num(bad?.n), num(bad?.f)]).toEqual([2, 221]);
    expect(founded).toEqual({
      kind: 'date',
      formats: ['%m/%d/%Y'],
      part: 'day',
      unreadable: {
        count: 2,
        filled: 221,
        examples: [
          { row: 7, value: '31/31/2011' },
          { row: 8, value: 'soon' },
        ],
      },
    });
  });

  it('finds a month, a year and a list as before', async () => {
    expect(types[3]!.type).toEqual({
      kind: 'date',
      formats: ['%Y-%m'],
      part: 'month',
      unreadable: { count: 0, filled: 240, examples: [] },
    });
    expect(types[4]!.type).toEqual({
      kind: 'number',
      yearLike: true,
      unreadable: { count: 0, filled: 240, examples: [] },
    });
    expect(types[5]!.type).toEqual({
      kind: 'list',
      separator: ';',
      items: [
        { key: 'aws', label: 'AWS', rows: 120 },
        { key: 'hubspot', label: 'hubspot', rows: 120 },
        { key: 'slack', label: 'Slack', rows: 120 },
        { key: 'zoom', label: 'Zoom', rows: 120 },
        { key: 'jira', label: 'jira', rows: 112 },
      ],
    });
    expect(await rowCounts('flag')).toEqual({ filled: 160, notNumbers: 160, notBooleans: 0 });
    expect(types[8]!.type).toEqual({
      kind: 'number',
      yearLike: false,
      unreadable: { count: 0, filled: 218, examples: [] },
    });
    const parts = await derivedParts(db, raw, types);
    expect([...parts]).toEqual([['month', { of: 'founded', part: 'month' }]]);
  });

  it('parses every attribute once per distinct cell, equal to parsing every row', async () => {
    const columns = types.map((c) => ({
      name: c.header,
      sql: `r.${quoteIdent(c.header)}`,
      type: c.type,
    }));
    const plan = await planAttributes(db, 'raw_awkward AS r', columns, {
      asOf: '2020-01-01',
      parts: new Map(),
    });
    expect(plan.sources).toEqual([
      'amount',
      'flag',
      'founded',
      'founded',
      'month',
      'month',
      'year',
      'tools',
      'tools',
      'tools',
      'tools',
      'tools',
      'tools',
      'city',
      'empty',
      'typed',
    ]);
    const { table: view } = await attributeTables(db, raw.rawTable, {
      select: plan.select,
      sources: plan.sources ?? [],
    });
    const names = plan.select.map((_, i) => `a${i}`);
    const direct = await db.all(
      `SELECT r.rowid AS account_id, ${plan.select.map((s, i) => `${s.replace(/ AS "[^"]*"$/, '')} AS ${names[i]}`).join(', ')} FROM raw_awkward r ORDER BY 1`,
    );
    const viewColumns = plan.select.map((s) => s.match(/ AS ("[^"]*")$/)?.[1] as string);
    const joined = await db.all(
      `SELECT account_id, ${viewColumns.map((c, i) => `${c} AS ${names[i]}`).join(', ')} FROM ${view} ORDER BY 1`,
    );
    expect(joined.length).toBe(ROWS);
    expect(joined).toEqual(direct);
    // -0.0 and 0.0 are different cells as text (equal as numbers): each keeps its own reading.
    const zeros = await db.one(
      `SELECT count(*) FILTER (WHERE CAST(typed AS VARCHAR) = '-0.0') AS negative,
        count(*) FILTER (WHERE CAST(typed AS VARCHAR) = '0.0') AS positive FROM ${view}`,
    );
    expect([num(zeros?.negative), num(zeros?.positive)]).toEqual([72, 73]);
  });

  it('keeps the row columns beside the attributes, out of the view, equal to computing them per row', async () => {
    // A flag's cells as the outcome (once per distinct cell) and an expression over each row.
    const flag = textExpr('r."flag"');
    const outcome = `(lower(${flag}) IN ('yes', 'true'))::INT`;
    const tables = await attributeTables(
      db,
      raw.rawTable,
      { select: [`${numberExpr(textExpr('r."amount"'))} AS "amount"`], sources: ['amount'] },
      {
        cells: { select: [`${outcome} AS _target`], sources: ['flag'] },
        rows: [`r.rowid * 2 AS _unit`],
        names: ['_target', '_unit'],
      },
    );
    const kept = await db.all(
      `SELECT _row, _target, _unit, "amount" FROM ${tables.rows} ORDER BY _row`,
    );
    const direct = await db.all(
      `SELECT r.rowid AS _row, ${outcome} AS _target, r.rowid * 2 AS _unit, ${numberExpr(textExpr('r."amount"'))} AS "amount" FROM raw_awkward r ORDER BY 1`,
    );
    expect(kept).toEqual(direct);
    expect(kept.filter((r) => r._target === null)).toHaveLength(80);
    const described = await db.all(`DESCRIBE ${tables.table}`);
    expect(described.map((d) => d.column_name)).toEqual(['account_id', 'amount']);
  });
});

describe('readColumns', () => {
  it('reads a query of several chunks once, in its order, as a row-by-row read does', async () => {
    const sql =
      "SELECT i AS n, CASE WHEN i % 7 = 0 THEN NULL ELSE i / 4 END AS x, CASE WHEN i % 5 = 0 THEN NULL ELSE concat('v', i % 13) END AS t FROM range(5000) AS s(i) ORDER BY i DESC";
    const data = await readColumns(db, sql, { x: 'number', t: 'text' });
    const rows = await db.all(sql);
    expect(data.rows).toBe(5000);
    expect(Array.from(data.numbers.x ?? [])).toEqual(
      rows.map((r) => (r.x === null ? Number.NaN : num(r.x))),
    );
    expect(data.texts.t).toEqual(rows.map((r) => r.t));
  });

  it('reads numbers and ENUM codes straight from the chunks as item by item (NULLs, -0, NaN)', async () => {
    await db.run("CREATE TYPE _test_letters AS ENUM ('a', 'b', 'c')");
    const sql = `SELECT CASE WHEN i % 7 = 0 THEN NULL WHEN i % 11 = 0 THEN -0.0 WHEN i % 13 = 0 THEN 'NaN'::DOUBLE ELSE i / 4 END AS x,
      CAST(CASE WHEN i % 5 = 0 THEN NULL ELSE ['c', 'a', 'b'][i % 3 + 1] END AS _test_letters) AS e
      FROM range(5000) AS s(i) ORDER BY i DESC`;
    const data = await readColumns(db, sql, { x: 'number', e: 'code' });
    const rows = await db.all(sql);
    const x = Array.from(data.numbers.x ?? []);
    expect(x.map((v) => Object.is(v, -0))).toEqual(rows.map((r) => Object.is(r.x, -0)));
    expect(x).toEqual(rows.map((r) => (r.x === null || r.x === 'NaN' ? Number.NaN : num(r.x))));
    const codes = data.codes.e;
    expect(codes?.values).toEqual(['a', 'c', 'b']);
    expect(Array.from(codes?.ids ?? [], (id) => (id < 0 ? null : codes?.values[id]))).toEqual(
      rows.map((r) => r.e),
    );
    expect(codes?.counts).toEqual([1334, 1333, 1333]);
  });
});
