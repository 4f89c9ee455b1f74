import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../core/config/schema.js';
import { type Dataset, loadDataset } from '../../data/load/load-dataset.js';
import { computeCustomerValue } from './customer-value.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-value-'));
let dataset: Dataset;

const months = (from: string, count: number, amount: number, account: string) =>
  Array.from({ length: count }, (_, i) => {
    const [y, m] = from.split('-').map(Number) as [number, number];
    const d = new Date(Date.UTC(y, m - 1 + i, 1)).toISOString().slice(0, 10);
    return `${account},${d},${amount}`;
  });

beforeAll(async () => {
  writeFileSync(join(dir, 'accounts.csv'), 'Account ID,Industry\nA1,Fintech\nA2,Retail\nA3,SaaS\n');
  writeFileSync(
    join(dir, 'invoices.csv'),
    [
      'Account ID,Date,Amount',
      ...months('2024-01', 12, 100, 'A1'),
      ...months('2023-06', 13, 200, 'A2'),
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'tickets.csv'),
    'Ticket ID,Account ID,Created At,Minutes\nT1,A1,2024-02-01,30\nT2,A1,2024-05-01,30\nT3,A2,2024-03-01,\n',
  );
  writeFileSync(
    join(dir, 'deals.csv'),
    'Deal ID,Account ID,Stage,Amount,Created At,Close Date\nD1,A1,Won,1200,2023-11-01,2023-12-15\nD2,A1,Lost,0,2024-02-01,2024-03-01\nD3,A3,Lost,0,2024-01-01,2024-02-01\nD4,A3,Proposal,500,2024-06-01,\n',
  );
  writeFileSync(join(dir, 'nps.csv'), 'Account ID,Date,Score\nA1,2024-03-01,9\nA1,2024-09-01,10\n');
  const config = configSchema.parse({
    sources: {
      accounts: { path: 'accounts.csv' },
      invoices: { path: 'invoices.csv' },
      tickets: { path: 'tickets.csv' },
      deals: { path: 'deals.csv' },
      feedback: { path: 'nps.csv' },
    },
    value: { as_of: '2024-12-31' },
  });
  dataset = await loadDataset({ config, file: 'x', baseDir: dir }, { today: '2026-11-23' });
});
afterAll(() => {
  dataset.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('computeCustomerValue', () => {
  it('computes every metric per account as worked out by hand', async () => {
    const config = configSchema.parse({
      sources: { accounts: { path: 'x' } },
      value: { as_of: '2024-12-31' },
    });
    const result = await computeCustomerValue(dataset, config.value);
    expect(result.asOf).toBe('2024-12-31');
    expect(result.revenueSource).toBe('invoices');
    expect(result.metrics.every((m) => m.available)).toBe(true);
    const rows = await dataset.db.all(
      `SELECT account_id, is_customer, revenue_total, revenue_12m, arr_current, nrr, churned, CAST(churn_date AS VARCHAR) AS churn_date,
        tenure_months, tickets, support_minutes, cost_to_serve, net_value, round(net_value_per_month, 6) AS nvpm, cost_share,
        nps_avg, nps_last, deals_won, deals_lost, deals_open, win_rate, median_cycle_days, avg_deal_size
       FROM ${result.table} ORDER BY account_id`,
    );
    expect(rows).toEqual([
      {
        account_id: 'A1',
        is_customer: true,
        revenue_total: 1200,
        revenue_12m: 1200,
        arr_current: 1200,
        nrr: null,
        churned: false,
        churn_date: null,
        tenure_months: '12',
        tickets: '2',
        support_minutes: 60,
        cost_to_serve: 60,
        net_value: 900,
        nvpm: 75,
        cost_share: 0.05,
        nps_avg: 9.5,
        nps_last: '10',
        deals_won: '1',
        deals_lost: '1',
        deals_open: '0',
        win_rate: 0.5,
        median_cycle_days: 44,
        avg_deal_size: 1200,
      },
      {
        // last invoice 2024-06-01, more than 45 days before as_of: churned the month after
        account_id: 'A2',
        is_customer: true,
        revenue_total: 2600,
        revenue_12m: 1200,
        arr_current: 0,
        nrr: 0,
        churned: true,
        churn_date: '2024-07-01',
        tenure_months: '13',
        tickets: '1',
        support_minutes: 30,
        cost_to_serve: 30,
        net_value: 2050,
        nvpm: 157.692308,
        cost_share: 30 / 2600,
        nps_avg: null,
        nps_last: null,
        deals_won: null,
        deals_lost: null,
        deals_open: null,
        win_rate: null,
        median_cycle_days: null,
        avg_deal_size: null,
      },
      {
        account_id: 'A3',
        is_customer: false,
        revenue_total: 0,
        revenue_12m: 0,
        arr_current: 0,
        nrr: null,
        churned: null,
        churn_date: null,
        tenure_months: null,
        tickets: '0',
        support_minutes: 0,
        cost_to_serve: 0,
        net_value: 0,
        nvpm: null,
        cost_share: null,
        nps_avg: null,
        nps_last: null,
        deals_won: '0',
        deals_lost: '1',
        deals_open: '1',
        win_rate: 0,
        median_cycle_days: null,
        avg_deal_size: null,
      },
    ]);
  });

  it('charges per ticket and the onboarding cost when configured', async () => {
    const config = configSchema.parse({
      sources: { accounts: { path: 'x' } },
      value: {
        as_of: '2024-12-31',
        support_cost_per_minute: 2,
        onboarding_cost: 100,
        gross_margin: 0.5,
      },
    });
    const { table } = await computeCustomerValue(dataset, config.value);
    expect(
      await dataset.db.all(`SELECT account_id, cost_to_serve, net_value FROM ${table} ORDER BY 1`),
    ).toEqual([
      { account_id: 'A1', cost_to_serve: 220, net_value: 380 },
      { account_id: 'A2', cost_to_serve: 160, net_value: 1140 },
      { account_id: 'A3', cost_to_serve: 0, net_value: 0 },
    ]);
  });

  it('takes the latest date in the data as as_of by default', async () => {
    const config = configSchema.parse({ sources: { accounts: { path: 'x' } } });
    expect((await computeCustomerValue(dataset, config.value)).asOf).toBe('2024-12-01');
  });
});

describe('computeTarget', () => {
  it('ideal: the retained customer at the top by net value per month, cost share within bounds', async () => {
    const { computeTarget } = await import('./target.js');
    const config = configSchema.parse({
      sources: { accounts: { path: 'x' } },
      value: { as_of: '2024-12-31' },
    });
    const value = await computeCustomerValue(dataset, config.value);
    const target = await computeTarget(dataset, value, config.target);
    // Only A1 is a retained customer, so it is the top 20% on its own; A2 churned; A3 never paid.
    expect(target).toMatchObject({ kind: 'ideal', eligible: 2, positives: 1, threshold: 75 });
    expect(target.definition).toBe(
      'ideal: a customer that has not churned, in the top 20% by net value per month (at least 75), whose cost to serve is at most 25% of revenue; counted among all customers',
    );
    expect(await dataset.db.all(`SELECT * FROM ${target.table} ORDER BY 1`)).toEqual([
      { account_id: 'A1', eligible: true, positive: true },
      { account_id: 'A2', eligible: true, positive: false },
      { account_id: 'A3', eligible: false, positive: false },
    ]);
  });

  it('ideal excludes a top customer whose support costs too much', async () => {
    const { computeTarget } = await import('./target.js');
    const config = configSchema.parse({
      sources: { accounts: { path: 'x' } },
      value: { as_of: '2024-12-31' },
      target: { max_cost_share: 0.04 },
    });
    const value = await computeCustomerValue(dataset, config.value);
    expect((await computeTarget(dataset, value, config.target)).positives).toBe(0);
  });

  it('won and retained', async () => {
    const { computeTarget } = await import('./target.js');
    const base = { sources: { accounts: { path: 'x' } }, value: { as_of: '2024-12-31' } };
    const won = configSchema.parse({ ...base, target: { kind: 'won' } });
    const value = await computeCustomerValue(dataset, won.value);
    // counted on deals: D1 won, D2 and D3 lost; D4 is open
    expect(await computeTarget(dataset, value, won.target)).toMatchObject({
      eligible: 3,
      positives: 1,
    });
    const retained = configSchema.parse({ ...base, target: { kind: 'retained' } });
    expect(await computeTarget(dataset, value, retained.target)).toMatchObject({
      eligible: 2,
      positives: 1,
    });
  });
});

describe('a target the tables cannot compute', () => {
  // Its error names what is missing and a fix these tables allow: another kind, else --data.
  async function targetError(files: Record<string, string>, kind: string): Promise<string> {
    const { computeTarget } = await import('./target.js');
    const folder = mkdtempSync(join(tmpdir(), 'icp-target-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    const config = configSchema.parse({
      sources: Object.fromEntries(
        Object.keys(files).map((f) => [f.replace('.csv', ''), { path: f }]),
      ),
      target: { kind },
      value: { as_of: '2024-12-31' },
    });
    const data = await loadDataset({ config, file: 'x', baseDir: folder }, { today: '2026-11-23' });
    try {
      const value = await computeCustomerValue(data, config.value);
      return await computeTarget(data, value, config.target).then(
        () => 'no error',
        (e: Error) => e.message,
      );
    } finally {
      data.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }
  const accounts = 'Account ID,Industry\nA1,Fintech\nA2,Retail\n';

  it('ideal without invoices, with deals: choose won', async () => {
    const deals =
      'Deal ID,Account ID,Stage,Amount,Created At,Close Date\nD1,A1,Won,1200,2023-11-01,2023-12-15\nD2,A2,Lost,0,2024-02-01,2024-03-01\n';
    expect(await targetError({ 'accounts.csv': accounts, 'deals.csv': deals }, 'ideal')).toBe(
      'target.kind: ideal needs net value per month, which is unavailable (no invoices or subscriptions). Add the missing table, or choose target.kind: won.',
    );
  });

  it('retained on accounts alone: no kind can be computed, so the one-export path', async () => {
    expect(await targetError({ 'accounts.csv': accounts }, 'retained')).toBe(
      'target.kind: retained needs churned, which is unavailable (no invoices, subscriptions or churn events). Add the missing table: no other target.kind can be computed from these tables either. For one export that holds the outcome, run icp discover --data FILE --target COLUMN --positive VALUE.',
    );
  });
});

describe('prepareAnalysis', () => {
  it('keeps two analyses with different settings side by side: neither overwrites the other', async () => {
    const { prepareAnalysis } = await import('../analysis/prepare-analysis.js');
    const settings = (asOf: string) =>
      configSchema.parse({
        sources: { accounts: { path: 'x' } },
        value: { as_of: asOf },
        target: { kind: 'retained' },
      });
    const late = await prepareAnalysis(dataset, settings('2024-12-31'));
    const early = await prepareAnalysis(dataset, settings('2024-06-30'));
    const names = [...Object.values(late.tables), ...Object.values(early.tables)];
    expect(new Set(names).size).toBe(6);
    const targetOf = (table: string) =>
      dataset.db.all(`SELECT account_id, eligible, positive FROM ${table} ORDER BY 1`);
    // A2's invoices stop in June 2024: still a customer at the end of June, churned by December.
    expect(await targetOf(early.tables.target)).toEqual([
      { account_id: 'A1', eligible: true, positive: true },
      { account_id: 'A2', eligible: true, positive: true },
      { account_id: 'A3', eligible: false, positive: false },
    ]);
    expect(await targetOf(late.tables.target)).toEqual([
      { account_id: 'A1', eligible: true, positive: true },
      { account_id: 'A2', eligible: true, positive: false },
      { account_id: 'A3', eligible: false, positive: false },
    ]);
    expect(
      await dataset.db.all(
        `SELECT account_id, "Industry" FROM ${late.tables.attributes} ORDER BY 1`,
      ),
    ).toEqual([
      { account_id: 'A1', Industry: 'Fintech' },
      { account_id: 'A2', Industry: 'Retail' },
      { account_id: 'A3', Industry: 'SaaS' },
    ]);
    await early.drop();
    await expect(targetOf(early.tables.target)).rejects.toThrow(early.tables.target);
    expect((await targetOf(late.tables.target)).length).toBe(3);
  });
});
