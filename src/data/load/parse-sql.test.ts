import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NULL_TOKENS } from '../../core/parse/tokens.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { Database } from '../db/database.js';
import { rowTextExpr, textExpr } from './parse-sql.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open({});
});
afterAll(() => db.close());

/** Every code point but the surrogates, as `i` (chr of a surrogate is an error). */
const CODE_POINTS =
  '(SELECT i FROM range(0, 55296) t(i) UNION ALL SELECT i FROM range(57344, 1114112) t(i))';

describe('rowTextExpr', () => {
  it("gives textExpr's value for cells with and without spaces, tokens and look-alikes", async () => {
    const cells = [
      ...['', ' ', '  ', '\t', '\r\n', '\u00a0', 'a', ' a', 'a ', '\ta\n', '\r\na\r\n'],
      ...[
        'x\u00a0',
        '\u00a0x',
        'à',
        'Bà',
        'ยà',
        '\u0600 ',
        'e\u0301',
        ' e\u0301 ',
        'a b',
        'a\u00a0b',
      ],
      ...[
        'NULL',
        ' null ',
        'N/A',
        '#N/A',
        'Unknown',
        'un\u212anown',
        'UNKNOWN\u00a0',
        'nan',
        'NaN',
      ],
      ...['-', ' - ', '?', '??', '--', 'na', 'nA ', 'None', 'nonE\t', 'İ', 'ı', 'NAN', 'n', 'u'],
      ...['INV-0000001-1', '380.83', '1,234.50', '$12', '0'],
      ...NULL_TOKENS.flatMap((t) => [t, t.toUpperCase(), ` ${t}\u00a0`]),
    ];
    const values = cells.map((c) => `(${quoteLiteral(c)})`).join(', ');
    const rows = await db.all(
      `SELECT v, ${textExpr('v')} AS a, ${rowTextExpr('v')} AS b FROM (VALUES ${values}, (NULL)) t(v)`,
    );
    expect(rows).toHaveLength(cells.length + 1);
    for (const r of rows) expect({ v: r.v, b: r.b }).toEqual({ v: r.v, b: r.a });
    // Both of its shortcuts are taken and left: cells trimmed, cells read as no value.
    expect(rows.filter((r) => r.b === null).length).toBe(3 * NULL_TOKENS.length + 24);
    expect(rows.filter((r) => r.b !== null && r.b !== r.v)).toHaveLength(8);
  });

  it('compares a cell with the tokens whenever its lower case could be one', async () => {
    // The guard lets through the first characters of the tokens in both cases; no other code
    // point lower-cases to one of them, and lower-casing keeps one code point per code point.
    const firsts = [...new Set(NULL_TOKENS.map((t) => t[0]!))].map(quoteLiteral).join(', ');
    const rows = await db.all(
      `SELECT list(CAST(i AS INTEGER) ORDER BY i) AS i FROM ${CODE_POINTS} WHERE lower(chr(CAST(i AS INTEGER))) IN (${firsts})`,
    );
    const expected = [...new Set(NULL_TOKENS.flatMap((t) => [t[0]!, t[0]!.toUpperCase()]))];
    expect(rows[0]?.i).toEqual(expected.map((c) => c.codePointAt(0)).sort((a, b) => a! - b!));
    const widths = await db.one(
      `SELECT count(*) AS n FROM ${CODE_POINTS} WHERE length(lower(chr(CAST(i AS INTEGER)))) <> 1`,
    );
    expect(widths).toEqual({ n: '0' });
  });
});
