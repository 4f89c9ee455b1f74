import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from './generate-world.js';
import {
  COMMITTEE_ROLE,
  EMERGING,
  IDEAL,
  SUPPORT_COST_PER_MINUTE,
  TRAP,
  WORLD_TODAY,
} from './planted-truth.js';

/**
 * Measures the planted effects on the raw CSV files with plain SQL, as an analyst would,
 * so the truth is checked apart from the loader. Segments are read from the written
 * (messy) columns: a missing industry or size puts an account among the rest.
 */
const root = mkdtempSync(join(tmpdir(), 'icp-planted-'));
const FILES = ['accounts', 'deals', 'invoices', 'tickets', 'deal_contacts'] as const;

async function open(dir: string): Promise<DuckDBConnection> {
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  for (const t of FILES) {
    await db.run(
      `CREATE TABLE ${t} AS SELECT * FROM read_csv('${join(dir, `${t}.csv`)}', header = true, all_varchar = true)`,
    );
  }
  const industry = `lower(trim(Industry))`;
  await db.run(`CREATE TABLE a AS SELECT "Account ID" AS id,
    CASE WHEN ${industry} IN ('fintech', 'financial technology') AND CAST(Employees AS INT) BETWEEN ${IDEAL.employeesMin} AND ${IDEAL.employeesMax} THEN 'ideal'
         WHEN ${industry} = '${TRAP.industry.toLowerCase()}' AND CAST(Employees AS INT) <= ${TRAP.employeesMax} THEN 'trap'
         ELSE 'other' END AS seg,
    ${industry} IN ('healthcare', 'health care') AS healthcare,
    CAST("Created At" AS DATE) >= DATE '${EMERGING.from}' AS late
    FROM accounts`);
  return db;
}

const rows = async (db: DuckDBConnection, sql: string) =>
  (await db.runAndReadAll(sql)).getRowObjectsJson() as Record<
    string,
    number | string | boolean | null
  >[];

/** Per segment (and 'all'): deal win rate, customers, churn share, revenue and support cost. */
async function bySegment(db: DuckDBConnection) {
  const result = await rows(
    db,
    `WITH d AS (SELECT coalesce(seg, 'all') AS seg, avg((Stage = 'Closed Won')::INT) AS win
        FROM deals JOIN a ON id = "Account ID" WHERE Stage LIKE 'Closed %' GROUP BY ROLLUP (seg)),
      c AS (SELECT "Account ID" AS id, sum(CAST(Amount AS DOUBLE)) AS revenue, max(CAST(Date AS DATE)) AS last,
        arg_max(CAST(Amount AS DOUBLE), Date) / arg_min(CAST(Amount AS DOUBLE), Date) AS growth FROM invoices GROUP BY 1),
      t AS (SELECT "Account ID" AS id, sum(CAST(Minutes AS DOUBLE)) * ${SUPPORT_COST_PER_MINUTE} AS support FROM tickets GROUP BY 1),
      v AS (SELECT coalesce(seg, 'all') AS seg, count(*) AS customers,
        avg((last < DATE '${WORLD_TODAY}' - INTERVAL 45 DAY)::INT) AS churn, median(growth) AS growth,
        sum(revenue) / count(*) AS revenue_per_customer, sum(coalesce(support, 0)) / sum(revenue) AS cost_share
        FROM c JOIN a USING (id) LEFT JOIN t USING (id) GROUP BY ROLLUP (seg))
    SELECT * FROM d JOIN v USING (seg)`,
  );
  return Object.fromEntries(result.map((r) => [r.seg, r])) as Record<
    'ideal' | 'trap' | 'other' | 'all',
    {
      win: number;
      customers: number;
      churn: number;
      growth: number;
      revenue_per_customer: number;
      cost_share: number;
    }
  >;
}

/** Win rate of Healthcare deals by whether the account arrived in the last four quarters. */
async function healthcareWins(db: DuckDBConnection) {
  const result = await rows(
    db,
    `SELECT late, avg((Stage = 'Closed Won')::INT) AS win, count(*) AS n FROM deals JOIN a ON id = "Account ID"
     WHERE Stage LIKE 'Closed %' AND healthcare GROUP BY 1`,
  );
  const late = result.find((r) => r.late === true)!;
  const early = result.find((r) => r.late === false)!;
  return { late: late.win as number, early: early.win as number };
}

let world: DuckDBConnection;
let still: DuckDBConnection;
beforeAll(async () => {
  await generateWorld({ accounts: 5000, seed: 1, out: join(root, 'drift') });
  await generateWorld({ accounts: 5000, seed: 1, out: join(root, 'still'), drift: false });
  world = await open(join(root, 'drift'));
  still = await open(join(root, 'still'));
});
afterAll(() => {
  world.closeSync();
  still.closeSync();
  rmSync(root, { recursive: true, force: true });
});

describe('the planted truth, measured on 5,000 accounts (seed 1)', () => {
  it('has segments of the documented sizes', async () => {
    const sizes = await rows(world, 'SELECT seg, count(*)::INT AS n FROM a GROUP BY 1 ORDER BY 1');
    expect(sizes).toEqual([
      { seg: 'ideal', n: 187 },
      { seg: 'other', n: 4649 },
      { seg: 'trap', n: 175 },
    ]);
  });

  it('the trap wins deals easily, churns, and costs more to serve than it pays', async () => {
    const s = await bySegment(world);
    expect(s.trap.win).toBeGreaterThan(s.all.win + 0.15);
    expect(s.trap.cost_share).toBeGreaterThan(1);
    expect(s.trap.churn).toBeGreaterThan(s.all.churn + 0.3);
    expect(s.all.cost_share).toBeLessThan(0.1);
  });

  it('ideal customers pay more, cost little, stay and grow', async () => {
    const s = await bySegment(world);
    expect(s.ideal.churn).toBeLessThan(s.all.churn / 2);
    expect(s.ideal.revenue_per_customer).toBeGreaterThan(s.all.revenue_per_customer * 2);
    expect(s.ideal.cost_share).toBeLessThan(s.other.cost_share / 4);
    expect(s.ideal.growth).toBeGreaterThan(s.other.growth);
  });

  it(`deals with an ${COMMITTEE_ROLE} involved win clearly more often`, async () => {
    const result = await rows(
      world,
      `WITH c AS (SELECT "Deal ID", bool_or(Role = '${COMMITTEE_ROLE}') AS buyer FROM deal_contacts GROUP BY 1)
       SELECT buyer, avg((Stage = 'Closed Won')::INT) AS win FROM deals JOIN c USING ("Deal ID")
       WHERE Stage LIKE 'Closed %' GROUP BY 1 ORDER BY 1`,
    );
    expect(result[1]!.win as number).toBeGreaterThan((result[0]!.win as number) + 0.15);
  });

  it('CRM and Founded Year change nothing', async () => {
    for (const attribute of ['CRM', '(CAST("Founded Year" AS INT) < 2004)']) {
      const result = await rows(
        world,
        `WITH w AS (SELECT avg((Stage = 'Closed Won')::INT) AS overall FROM deals WHERE Stage LIKE 'Closed %')
         SELECT ${attribute} AS v, avg((Stage = 'Closed Won')::INT) - any_value(overall) AS gap
         FROM deals JOIN accounts USING ("Account ID"), w WHERE Stage LIKE 'Closed %' AND ${attribute} IS NOT NULL GROUP BY 1`,
      );
      expect(result.length, attribute).toBeGreaterThan(1);
      for (const r of result)
        expect(Math.abs(r.gap as number), `${attribute} = ${r.v}`).toBeLessThan(0.05);
    }
  });

  it(`the emerging segment (${EMERGING.industry}, ${EMERGING.employeesMin}+ employees, from ${EMERGING.from}) pays well, costs little and stays`, async () => {
    const [e] = await rows(
      world,
      `WITH c AS (SELECT "Account ID" AS id, sum(CAST(Amount AS DOUBLE)) AS revenue, count(*) AS months,
          max(CAST(Date AS DATE)) AS last FROM invoices GROUP BY 1),
        t AS (SELECT "Account ID" AS id, sum(CAST(Minutes AS DOUBLE)) * ${SUPPORT_COST_PER_MINUTE} AS support FROM tickets GROUP BY 1),
        x AS (SELECT "Account ID" AS id, healthcare AND late AND TRY_CAST(Employees AS INT) >= ${EMERGING.employeesMin} AS emerging
          FROM accounts JOIN a ON id = "Account ID")
      SELECT avg(revenue / months) FILTER (WHERE emerging) AS emerging_month,
        avg(revenue / months) FILTER (WHERE seg = 'ideal') AS ideal_month,
        avg(revenue / months) AS all_month,
        sum(coalesce(support, 0)) FILTER (WHERE emerging) / sum(revenue) FILTER (WHERE emerging) AS emerging_cost,
        avg((last < DATE '${WORLD_TODAY}' - INTERVAL 45 DAY)::INT) FILTER (WHERE emerging) AS emerging_churn,
        avg((last < DATE '${WORLD_TODAY}' - INTERVAL 45 DAY)::INT) FILTER (WHERE late) AS late_churn
      FROM c JOIN x USING (id) JOIN a USING (id) LEFT JOIN t USING (id)`,
    );
    expect(e!.emerging_month as number).toBeGreaterThan((e!.ideal_month as number) * 1.5);
    expect(e!.emerging_month as number).toBeGreaterThan((e!.all_month as number) * 3);
    expect(e!.emerging_cost as number).toBeLessThan(0.01);
    expect(e!.emerging_churn as number).toBeLessThan((e!.late_churn as number) / 3);
    // More of it arrives: Healthcare's share of new accounts rises in the last four quarters.
    const share = await rows(
      world,
      'SELECT late, avg(healthcare::INT) AS share FROM a GROUP BY 1 ORDER BY 1',
    );
    expect(share[1]!.share as number).toBeGreaterThan((share[0]!.share as number) + 0.08);
    const none = await rows(
      still,
      'SELECT late, avg(healthcare::INT) AS share FROM a GROUP BY 1 ORDER BY 1',
    );
    expect(Math.abs((none[1]!.share as number) - (none[0]!.share as number))).toBeLessThan(0.03);
  });

  it(`${EMERGING.industry} wins more only among accounts arriving from ${EMERGING.from}, and only with drift`, async () => {
    const drift = await healthcareWins(world);
    expect(drift.late).toBeGreaterThan(drift.early + 0.2);
    const none = await healthcareWins(still);
    expect(none.late).toBeLessThan(none.early + 0.05);
    // Everything but the emerging segment is the same world.
    const [trapDrift, trapStill] = [await bySegment(world), await bySegment(still)];
    expect(trapStill.trap).toEqual(trapDrift.trap);
  });
});
