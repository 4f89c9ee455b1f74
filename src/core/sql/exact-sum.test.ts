import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../data/db/database.js';
import { exactSum } from './exact-sum.js';

let db: Database;
beforeAll(async () => {
  db = await Database.open();
});
afterAll(() => db.close());

const sumOf = async (values: string, filter?: string, decimals?: number) =>
  (await db.one(`SELECT ${exactSum('v', filter, decimals)} AS s FROM (VALUES ${values}) t(v)`))?.s;

describe('exactSum', () => {
  it('sums exactly, whatever the order: the double sum of these loses the 1', async () => {
    expect(await sumOf('(1e16::DOUBLE), (1.0), (-1e16)')).toBe(1);
    expect(1e16 + 1 - 1e16).toBe(0);
    expect(await sumOf('(0.1::DOUBLE), (0.2)')).toBe(0.3);
  });

  it('keeps the SUM of no value NULL, and its FILTER', async () => {
    expect(await sumOf('(NULL::DOUBLE), (NULL)')).toBeNull();
    expect(await sumOf('(1.5::DOUBLE), (2.5), (-4)', 'v > 0')).toBe(4);
    expect(await sumOf('(1.5::DOUBLE)', 'v > 2')).toBeNull();
  });

  it('sums values too large for its DECIMAL as doubles instead of failing', async () => {
    expect(await sumOf('(1e35::DOUBLE), (369.17)')).toBe(1e35 + 369.17);
    expect(await sumOf('(1e35::DOUBLE), (-1e35)')).toBe(0);
    expect(await sumOf('(1e35::DOUBLE), (NULL)')).toBe(1e35);
    // (the database hands a non-finite double back as its text)
    expect(await sumOf("('infinity'::DOUBLE), (1)")).toBe('Infinity');
    // 18 decimals leave 10 digits: 1e10 and more go to the double part.
    expect(await sumOf('(1e10::DOUBLE), (0.000000000000000001)', undefined, 18)).toBe(1e10);
    expect(await sumOf('(0.25::DOUBLE), (0.000000000000000001)', undefined, 18)).toBe(0.25);
  });
});
