import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryKey, cellText, parseNumber } from '../src/core/parse/cell.js';
import { parseDateDays } from '../src/core/parse/dates.js';
import { deriveValue } from '../src/core/parse/derive.js';
import { Database } from '../src/data/db/database.js';
import { CELLS, FORMATS, normalise, RULES, reference, selectList } from './support/parse-cells.js';
import { startPostgres } from './support/postgres.js';

/**
 * One definition of a cell, three engines: the TypeScript parser is the reference, and the SQL
 * generated for DuckDB and for PostgreSQL must give the same text, number, category key, date
 * and derived value on every cell, written by hand or generated from pieces of real exports.
 */
let pgServer: Awaited<ReturnType<typeof startPostgres>>;
let db: Database;

beforeAll(async () => {
  db = await Database.open();
  await db.run('CREATE TABLE cells (i INTEGER, c VARCHAR)');
  const values = CELLS.map((c, i) => `(${i}, '${c.replaceAll("'", "''")}')`).join(', ');
  await db.run(`INSERT INTO cells VALUES ${values}`);
  pgServer = await startPostgres();
  await pgServer.client.query('CREATE TABLE cells (i integer, c text)');
  await pgServer.client.query(`INSERT INTO cells SELECT * FROM unnest($1::integer[], $2::text[])`, [
    CELLS.map((_, i) => i),
    CELLS,
  ]);
}, 120_000);
afterAll(async () => {
  db?.close();
  await pgServer?.stop();
});

describe('a cell reads the same in TypeScript, DuckDB and PostgreSQL', () => {
  it('text, number, category key, date and derived values agree on every cell', async () => {
    const duck = await db.all(`SELECT ${selectList('duckdb')} FROM cells ORDER BY i`);
    const pg = (
      await pgServer.client.query(`SELECT ${selectList('postgres')} FROM cells ORDER BY i`)
    ).rows as Record<string, unknown>[];
    expect(duck).toHaveLength(CELLS.length);
    expect(pg).toHaveLength(CELLS.length);
    const differences: string[] = [];
    CELLS.forEach((cell, i) => {
      const want = reference(cell);
      for (const [engine, row] of [
        ['duckdb', duck[i]!],
        ['postgres', pg[i]!],
      ] as const) {
        want.forEach((w, k) => {
          const got = normalise(row[`v${k}`], k);
          if (got !== w)
            differences.push(
              `${engine} v${k} ${JSON.stringify(cell)}: ${JSON.stringify(got)} != ${JSON.stringify(w)}`,
            );
        });
      }
    });
    expect(differences.slice(0, 20)).toEqual([]);
    // The generated cells reach every branch: many are numbers and dates, many are not.
    const numbers = CELLS.filter((c) => !Number.isNaN(parseNumber(c))).length;
    const dates = CELLS.filter((c) => parseDateDays(c, FORMATS) !== null).length;
    expect(numbers).toBeGreaterThan(800);
    expect(numbers).toBeLessThan(CELLS.length - 2000);
    expect(dates).toBeGreaterThan(150);
  });

  it('the hand-written cells read as documented', () => {
    const n = (c: string) => parseNumber(c);
    expect([n('$1,200'), n('1,200 USD'), n('€1.2M'), n('12k'), n('12%'), n('(1,200)')]).toEqual([
      1200, 1200, 1_200_000, 12_000, 12, -1200,
    ]);
    expect([n('12.'), n('.5'), n('1.15M'), n('2.5 million')]).toEqual([
      12, 0.5, 1_150_000, 2_500_000,
    ]);
    const zeroOne = (c: string) => parseNumber(c, { booleans: true });
    expect([zeroOne('TRUE'), zeroOne('false'), zeroOne('1'), n('TRUE')]).toEqual([1, 0, 1, NaN]);
    for (const bad of ['unknown', '?', '-$-5', '(-5)', '1,2', '12,5O0', '####', '5/18/27', 'yes'])
      expect(n(bad)).toBeNaN();
    expect(['TRUE', 'Y', 't', 'yes', true].map((v) => categoryKey(cellText(v)))).toEqual([
      'yes',
      'yes',
      'yes',
      'yes',
      'yes',
    ]);
    expect(categoryKey('SaaS / B2B')).toBe('saas b2b');
    expect(parseDateDays('2013-02-29', [])).toBeNull();
    expect(deriveValue(RULES[0]!, '2009-12-13')).toBe(3);
    expect(deriveValue(RULES[0]!, '2009-12-12')).toBe(4);
    expect(deriveValue(RULES[2]!, 'n/a;AWS')).toBe('yes');
    expect(deriveValue(RULES[3]!, 'aws ; hub-spot')).toBe('no');
    expect(deriveValue(RULES[3]!, 'AWS|Hub-Spot ')).toBe('yes');
  });
});
