import { describe, expect, it } from 'vitest';
import { employeesAndIndustry } from '../../../test/support/hand-icp.js';
import { Database } from '../../data/db/database.js';
import { compileScoreSql } from './compile-sql.js';

/** Employees and Industry: a number and a category read from a table's columns. */
const icp = employeesAndIndustry('casts1');

describe('compileScoreSql', () => {
  it('casts each column it reads to text once, and scores a typed table as its text', async () => {
    const columns = ['id', 'Employees', 'Industry'];
    const duck = compileScoreSql(icp, { dialect: 'duckdb', from: 't', columns });
    expect(duck.split('CAST(src."Employees" AS VARCHAR)').length - 1).toBe(1);
    expect(duck.split('CAST(src."Industry" AS VARCHAR)').length - 1).toBe(1);
    const pg = compileScoreSql(icp, { dialect: 'postgres', from: 't', columns });
    // textSql's one reading of the cell (the trim names it twice), in a stage of its own.
    expect(pg.split('CAST(src."Employees" AS TEXT)').length - 1).toBe(2);
    const db = await Database.open();
    try {
      await db.run(`CREATE TABLE typed AS SELECT * FROM (VALUES
        (1, 150, 'SaaS'), (2, 50, 'Retail'), (3, NULL, 'SaaS'), (4, 5, ' SaaS'),
        (5, 2000, 'saas'), (6, NULL, NULL), (7, 100, 'Health')) v(id, "Employees", "Industry")`);
      await db.run(
        'CREATE TABLE texts AS SELECT id, CAST("Employees" AS VARCHAR) AS "Employees", "Industry" FROM typed',
      );
      const score = (from: string) =>
        db.all(
          `SELECT * EXCLUDE ("Employees") FROM (${compileScoreSql(icp, { dialect: 'duckdb', from, columns })}) ORDER BY id`,
        );
      const typed = await score('typed');
      expect(typed.map((r) => r.icp_tier)).toEqual(['A', 'D', 'unknown', 'C', 'A', 'unknown', 'B']);
      expect(typed).toEqual(await score('texts'));
    } finally {
      db.close();
    }
  });
});
