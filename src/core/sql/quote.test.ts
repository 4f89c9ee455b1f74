import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, str } from '../../data/db/database.js';
import { escapeControls } from '../../cli/escape-controls.js';
import { quoteIdent, quoteLiteral, quoteText } from './quote.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open();
});
afterAll(() => db.close());

describe('quoteLiteral', () => {
  it('writes a value with a backslash as an escape string, backslashes doubled', () => {
    expect(quoteLiteral("O'Brien")).toBe("'O''Brien'");
    expect(quoteLiteral('a\\b')).toBe("E'a\\\\b'");
    expect(quoteLiteral("x\\'y")).toBe("E'x\\\\''y'");
    expect(quoteLiteral('ends\\')).toBe("E'ends\\\\'");
    expect(() => quoteLiteral('a\u0000b')).toThrow('a literal cannot contain a NUL character');
    // Control characters but tab and line feed as escapes: the CLI would show them as text.
    expect(quoteLiteral(' \t\n\r')).toBe("E' \t\n\\x0d'");
    expect(quoteLiteral("\x1b[31m'\\")).toBe("E'\\x1b[31m''\\\\'");
  });

  it('gives DuckDB back every string exactly, quotes and backslashes included', async () => {
    const text = fc
      .string({
        unit: fc.constantFrom(
          '\\',
          "'",
          '"',
          'a',
          'E',
          '\n',
          '\t',
          '\r',
          '\x1b',
          '\x7f',
          '%',
          '_',
          'é',
        ),
      })
      .filter((s) => s.length > 0);
    const sample = fc.sample(text, { numRuns: 300, seed: 11 });
    const rows = await db.all(
      `SELECT * FROM (VALUES ${sample.map((s, i) => `(${i}, ${quoteLiteral(s)})`).join(', ')}) AS t(i, ${quoteIdent('v\\"')}) ORDER BY i`,
    );
    expect(rows.map((r) => str(r['v\\"']))).toEqual(sample);
  });
});

describe('quoteText', () => {
  it('writes C1 control characters as chr() calls, so the printed SQL gives DuckDB the value', async () => {
    expect(quoteText('Retail')).toBe("'Retail'");
    expect(quoteText('a\u0085b')).toBe("('a' || chr(133) || 'b')");
    expect(quoteText("\u009b'\\")).toBe("(chr(155) || E'''\\\\')");
    expect(quoteText('\u0080')).toBe('(chr(128))');
    const sample = [
      'a\u0085b',
      '\u0080\u009f',
      "O'\u0085Brien\\",
      'é\u0090中😀',
      '\r\u0085\t',
      'plain',
      '\u00a0',
      '\u007f',
    ];
    // The SQL as the CLI prints it (escapeControls): nothing left for it to escape but tab and
    // line feed, which it prints as they are, so the printed text is the SQL.
    const sql = `SELECT * FROM (VALUES ${sample.map((s, i) => `(${i}, ${quoteText(s)})`).join(', ')}) AS t(i, v) ORDER BY i`;
    expect(escapeControls(sql)).toBe(sql);
    expect((await db.all(sql)).map((r) => str(r.v))).toEqual(sample);
  });
});
