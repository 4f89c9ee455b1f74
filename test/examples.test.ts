import { describe, expect, it } from 'vitest';
import { configSchema } from '../src/core/config/schema.js';
import { check } from '../src/pipeline/check.js';

// The public datasets live in ../shared/datasets beside the repository (see its README).
describe('examples on real data', () => {
  it('Maven CRM: 85 accounts, 8,800 deals, and the open deals without an account named', async () => {
    const profile = await check('examples/maven-crm/icp.config.yaml', { today: '2026-11-23' });
    expect(profile.tables.map((t) => [t.table, t.rows])).toEqual([
      ['accounts', 85],
      ['deals', 8800],
    ]);
    const deals = profile.tables[1]!;
    expect(deals.orphans).toBe(1425);
    const stage = deals.columns.find((c) => c.name === 'stage');
    expect(stage?.top).toEqual([
      { value: 'won', count: 4238 },
      { value: 'lost', count: 2473 },
      { value: 'open', count: 2089 },
    ]);
    expect(profile.warnings).toHaveLength(1);
    const open = profile.warnings[0]!;
    expect(open.code).toBe('open_without_account');
    expect(open.count).toBe(1425);
    expect(open.message).toMatch(
      /^\.\.\/\.\.\/\.\.\/shared\/datasets\/maven-crm-sales-opportunities\/sales_pipeline\.csv: 1,425 open deals have no account \(column "account" empty\): HAXMC4IX, EG7OFLFR, .* and 1,415 more\./,
    );
    expect(profile.capabilities.filter((c) => c.available).map((c) => c.id)).toEqual([
      'firmographics',
      'win_rate',
      'sales_cycle',
      'deal_size',
    ]);
  });

  it('RavenStack: five tables, usage tied to accounts through subscriptions, hours as minutes', async () => {
    const profile = await check('examples/ravenstack/icp.config.yaml', { today: '2026-11-23' });
    expect(profile.tables.map((t) => [t.table, t.rows, t.orphans])).toEqual([
      ['accounts', 500, 0],
      ['subscriptions', 5000, 0],
      ['tickets', 2000, 0],
      ['usage', 25000, 0],
      ['churn_events', 600, 0],
    ]);
    // Seats count what a customer bought, not people employed: never read as employees.
    const accounts = profile.tables.find((t) => t.table === 'accounts')!;
    expect(accounts.columns.find((c) => c.name === 'employees')).toBeUndefined();
    expect(accounts.columns.find((c) => c.name === 'seats')).toMatchObject({
      header: 'seats',
      role: 'attribute',
    });
    const usage = profile.tables.find((t) => t.table === 'usage')!;
    expect(usage.columns.find((c) => c.name === 'account_id')?.distinct).toBe(500);
    const minutes = profile.tables
      .find((t) => t.table === 'tickets')!
      .columns.find((c) => c.name === 'minutes')!;
    expect([minutes.min, minutes.max]).toEqual([60, 4320]);
    expect(profile.capabilities.filter((c) => !c.available).map((c) => c.reason)).toEqual([
      'no deals: win rate unknown',
      'no deals: sales cycle unknown',
      'no deals: deal size unknown',
      'usage loaded but not used yet: no value, discovery or audit figure reads product adoption',
      'no contacts, deal contacts and deals together: personas and buying committee unknown',
      'no feedback: satisfaction unknown',
    ]);
    expect(profile.warnings).toEqual([]);
  });

  it('Crunchbase 2013: CR-only lines and non-UTF-8 bytes load with warnings, and the 13 funding cells that are not numbers', async () => {
    const { loadDataset } = await import('../src/data/load/load-dataset.js');
    const ds = await loadDataset(
      {
        config: configSchema.parse({
          sources: {
            accounts: {
              path: '../shared/datasets/company-universe-crunchbase-2013/crunchbase-companies.csv',
              columns: {
                account_id: 'permalink',
                industry: 'category_code',
                country: 'country_code',
              },
            },
          },
        }),
        file: '(inline)',
        baseDir: process.cwd(),
      },
      { today: '2026-11-23' },
    );
    try {
      expect(ds.tables.get('accounts')?.rows).toBe(17727);
      expect(ds.warnings.map((w) => [w.code, w.count])).toEqual([
        ['encoding', 21],
        ['line_endings', 17727],
        ['unreadable_cells', 13],
      ]);
    } finally {
      ds.close();
    }
  });
});
