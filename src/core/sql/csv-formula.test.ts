import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, str } from '../../data/db/database.js';
import {
  csvSelectList,
  neutraliseFormula,
  neutraliseFormulaSql,
  restoreFormulaSql,
} from './csv-formula.js';
import { quoteLiteral } from './quote.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open();
});
afterAll(() => db.close());

describe('neutraliseFormula', () => {
  it('quotes the cells that start like a formula and leaves plain numbers and a lone "-"', () => {
    const cases: [string, string][] = [
      ['=HYPERLINK("x")', `'=HYPERLINK("x")`],
      ['+1+1', `'+1+1`],
      ['-2+3', `'-2+3`],
      ['@SUM(A1)', `'@SUM(A1)`],
      ['\t=1', `'\t=1`],
      ['\r=1', `'\r=1`],
      ['-12.5', '-12.5'],
      ['+44 20 7946 0000', `'+44 20 7946 0000`],
      ['+442079460000', '+442079460000'],
      ['-1,200.50', '-1,200.50'],
      ['-1,20', `'-1,20`],
      ['-.5e+3', '-.5e+3'],
      ['-12 ', `'-12 `],
      ['-$1,200', `'-$1,200`],
      ['-', '-'],
      ['+', `'+`],
      ['=', `'=`],
      ['', ''],
      [' =1', ' =1'],
      ["'=1", "'=1"],
      ['Fintech', 'Fintech'],
    ];
    expect(cases.map(([cell]) => neutraliseFormula(cell))).toEqual(cases.map(([, safe]) => safe));
  });

  it('does in DuckDB exactly what it does in JavaScript, and restoring undoes it', async () => {
    const starts = fc.constantFrom('=', '+', '-', '@', '\t', '\r', "'", '1', 'a', '.', ',', 'e');
    const cell = fc
      .array(fc.oneof(starts, fc.string({ maxLength: 3 })), { maxLength: 6 })
      .map((parts) => parts.join(''))
      .filter((s) => !s.includes('\u0000'));
    const sample = fc.sample(cell, { numRuns: 400, seed: 7 });
    const values = sample.map((s) => `(${quoteLiteral(s)})`).join(', ');
    const rows = await db.all(
      `SELECT x, ${neutraliseFormulaSql('x')} AS safe, ${restoreFormulaSql(neutraliseFormulaSql('x'))} AS back FROM (VALUES ${values}) AS t(x)`,
    );
    expect(rows.map((r) => str(r.safe))).toEqual(sample.map(neutraliseFormula));
    // Restoring gives the cell back, but for a cell that already began with a quote and a
    // formula start (the one case the engine cannot tell apart; it never reads such cells back).
    const ambiguous = (s: string) => /^'[=+\-@\t\r]/.test(s);
    expect(rows.filter((_, i) => !ambiguous(sample[i]!)).map((r) => str(r.back))).toEqual(
      sample.filter((s) => !ambiguous(s)),
    );
    expect(await db.one(`SELECT ${neutraliseFormulaSql('NULL::VARCHAR')} IS NULL AS n`)).toEqual({
      n: true,
    });
  });

  it('agrees with JavaScript whatever the first character, the range guard included', async () => {
    // Every ASCII first byte but NUL, and first characters of two, three and four UTF-8 bytes:
    // the SQL settles most cells by comparing them with 'A', '.' and '=' before the list test.
    const firsts = [
      ...Array.from({ length: 127 }, (_, i) => String.fromCharCode(i + 1)),
      '\u0085',
      'é',
      '中',
      '😀',
    ];
    const sample = firsts.flatMap((c) => [c, `${c}1`, `${c}=1`, `${c}-1`, `${c}${c}`]);
    const values = sample.map((s) => `(${quoteLiteral(s)})`).join(', ');
    const rows = await db.all(
      `SELECT ${neutraliseFormulaSql('x')} AS safe FROM (VALUES ${values}) AS t(x)`,
    );
    expect(rows.map((r) => str(r.safe))).toEqual(sample.map(neutraliseFormula));
    expect(sample.map(neutraliseFormula).filter((s, i) => s !== sample[i])).toHaveLength(27);
  });
});

describe('csvSelectList', () => {
  it('neutralises text columns and headers, casts other text-like types, leaves numbers, dates and booleans', async () => {
    await db.run(`CREATE TABLE cells AS SELECT '=1+1' AS "=note", -12.5::DOUBLE AS n, -3 AS i,
      DATE '2024-01-02' AS d, true AS b, ['=x'] AS l, '-5'::JSON AS j, '@a' AS plain`);
    const list = csvSelectList([
      { name: '=note', type: 'VARCHAR' },
      { name: 'n', type: 'DOUBLE' },
      { name: 'i', type: 'INTEGER' },
      { name: 'd', type: 'DATE' },
      { name: 'b', type: 'BOOLEAN' },
      { name: 'l', type: 'VARCHAR[]' },
      { name: 'j', type: 'JSON' },
      { name: 'plain', type: 'VARCHAR', label: '+label' },
    ]);
    const row = await db.one(`SELECT ${list} FROM cells`);
    expect(row).toEqual({
      "'=note": "'=1+1",
      n: -12.5,
      i: -3,
      d: '2024-01-02',
      b: true,
      l: "['=x']",
      j: '-5',
      "'+label": "'@a",
    });
    const raw = await db.one(
      `SELECT ${csvSelectList([{ name: '=note', type: 'VARCHAR', label: '=head' }], { raw: true })} FROM cells`,
    );
    expect(raw).toEqual({ '=head': '=1+1' });
  });
});
