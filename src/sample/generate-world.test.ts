import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../core/config/schema.js';
import { loadConfig } from '../data/config/load-config.js';
import { type Dataset, loadDataset } from '../data/load/load-dataset.js';
import { generateWorld } from './generate-world.js';
import { COMMITTEE_ROLE, EMERGING, IDEAL, TRAP, WORLD_TODAY } from './planted-truth.js';

const root = mkdtempSync(join(tmpdir(), 'icp-sample-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const digest = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex'),
      ]),
  );

describe('generateWorld', () => {
  it('is byte-identical for the same seed and differs for another', async () => {
    await generateWorld({ accounts: 1000, seed: 7, out: join(root, 'a') });
    await generateWorld({ accounts: 1000, seed: 7, out: join(root, 'b') });
    await generateWorld({ accounts: 1000, seed: 8, out: join(root, 'c') });
    const a = digest(join(root, 'a'));
    expect(Object.keys(a)).toEqual([
      'accounts.csv',
      'contacts.csv',
      'deal_contacts.csv',
      'deals.csv',
      'feedback.csv',
      'icp.config.yaml',
      'invoices.csv',
      'tickets.csv',
      'usage.csv',
    ]);
    expect(digest(join(root, 'b'))).toEqual(a);
    expect(digest(join(root, 'c'))['accounts.csv']).not.toBe(a['accounts.csv']);
  });

  it('writes a config that validates and names every file', () => {
    const config = configSchema.parse(
      parse(readFileSync(join(root, 'a', 'icp.config.yaml'), 'utf8')),
    );
    expect(Object.values(config.sources).map((s) => s?.path)).toEqual([
      'accounts.csv',
      'deals.csv',
      'invoices.csv',
      'tickets.csv',
      'usage.csv',
      'contacts.csv',
      'deal_contacts.csv',
      'feedback.csv',
    ]);
  });
});

describe('the planted truth, measured on 5,000 accounts (seed 1)', () => {
  let ds: Dataset;
  beforeAll(async () => {
    const summary = await generateWorld({ accounts: 5000, seed: 1, out: join(root, 'w') });
    expect(summary.files.find((f) => f.name === 'accounts.csv')?.rows).toBeGreaterThan(5000);
    ds = await loadDataset(await loadConfig(join(root, 'w', 'icp.config.yaml')), {
      today: WORLD_TODAY,
    });
  });
  afterAll(() => ds.close());

  const segment = `CASE
    WHEN lower(trim(industry)) IN ('fintech', 'financial technology') AND employees BETWEEN ${IDEAL.employeesMin} AND ${IDEAL.employeesMax} THEN 'ideal'
    WHEN lower(trim(industry)) = 'retail' AND employees <= ${TRAP.employeesMax} THEN 'trap'
    ELSE 'other' END`;

  it('loads with only the planted warnings: orphan deals and duplicate accounts', () => {
    expect(ds.warnings.map((w) => w.code)).toEqual(['orphan', 'duplicate_name']);
  });

  it('the trap wins deals easily, churns, and costs more to serve than it pays', async () => {
    const rows = await ds.db.all(`
      WITH a AS (SELECT account_id, ${segment} AS seg FROM accounts),
      d AS (SELECT seg, avg((stage = 'won')::INT) AS win FROM deals JOIN a USING (account_id) WHERE stage <> 'open' GROUP BY 1),
      rev AS (SELECT seg, sum(amount) AS revenue FROM invoices JOIN a USING (account_id) GROUP BY 1),
      sup AS (SELECT seg, sum(minutes) * 1.5 AS support FROM tickets JOIN a USING (account_id) GROUP BY 1)
      SELECT seg, win, support / revenue AS cost_share FROM d JOIN rev USING (seg) JOIN sup USING (seg) ORDER BY seg`);
    const by = Object.fromEntries(rows.map((r) => [r.seg, r])) as Record<
      string,
      { win: number; cost_share: number }
    >;
    expect(by.trap!.win).toBeGreaterThan(by.other!.win + 0.25);
    expect(by.trap!.cost_share).toBeGreaterThan(1);
    expect(by.other!.cost_share).toBeLessThan(0.1);
    expect(by.ideal!.cost_share).toBeLessThan(0.02);
  });

  it('ideal customers stay and grow; trap customers leave', async () => {
    const rows = await ds.db.all(`
      WITH a AS (SELECT account_id, ${segment} AS seg FROM accounts),
      life AS (SELECT account_id, max(date) AS last, arg_max(amount, date) / arg_min(amount, date) AS growth FROM invoices GROUP BY 1)
      SELECT seg, avg((last < DATE '${WORLD_TODAY}' - INTERVAL 45 DAY)::INT) AS churn, median(growth) AS growth
      FROM life JOIN a USING (account_id) GROUP BY 1`);
    const by = Object.fromEntries(rows.map((r) => [r.seg, r])) as Record<
      string,
      { churn: number; growth: number }
    >;
    expect(by.ideal!.churn).toBeLessThan(0.15);
    expect(by.other!.churn).toBeGreaterThan(0.25);
    expect(by.trap!.churn).toBeGreaterThan(0.6);
    expect(by.ideal!.growth).toBeGreaterThan(by.other!.growth);
  });

  it(`deals with an ${COMMITTEE_ROLE} involved win clearly more often`, async () => {
    const rows = await ds.db.all(`
      WITH c AS (SELECT deal_id, bool_or(role = '${COMMITTEE_ROLE}') AS buyer FROM deal_contacts GROUP BY 1)
      SELECT buyer, avg((stage = 'won')::INT) AS win FROM deals JOIN c USING (deal_id) WHERE stage <> 'open' GROUP BY 1 ORDER BY 1`);
    expect(rows[1]!.win as number).toBeGreaterThan((rows[0]!.win as number) + 0.15);
  });

  it(`${EMERGING.industry} wins only among accounts arriving from ${EMERGING.from}`, async () => {
    const rows = await ds.db.all(`
      SELECT accounts.created_at >= DATE '${EMERGING.from}' AS late, avg((stage = 'won')::INT) AS win
      FROM deals JOIN accounts USING (account_id)
      WHERE stage <> 'open' AND lower(trim(industry)) IN ('healthcare', 'health care') GROUP BY 1 ORDER BY 1`);
    expect(rows[1]!.win as number).toBeGreaterThan((rows[0]!.win as number) + 0.15);
  });

  it('has about 10% missing values, industry spelling variants, and no date after today', async () => {
    const row =
      await ds.db.one(`SELECT avg((employees IS NULL)::INT) AS missing, count(DISTINCT industry) AS spellings,
      (SELECT max(closed_at) FROM deals) AS last_close, (SELECT max(date) FROM invoices) AS last_invoice FROM accounts`);
    expect(row!.missing as number).toBeGreaterThan(0.07);
    expect(row!.missing as number).toBeLessThan(0.13);
    expect(Number(row!.spellings)).toBeGreaterThan(15);
    expect(String(row!.last_close) <= WORLD_TODAY && String(row!.last_invoice) <= WORLD_TODAY).toBe(
      true,
    );
  });
});
