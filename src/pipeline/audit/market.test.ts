import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attribute, bin, handIcp } from '../../../test/support/hand-icp.js';
import { scoreRecord } from '../../core/icp/score-record.js';
import { Database } from '../../data/db/database.js';
import { marketFit } from './market.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-market-'));
let db: Database;
beforeAll(async () => {
  db = await Database.open();
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Missing bins worth 30 points each, as a scorecard fitted on data where missing meant big can
 * have: an empty company scores 60 on them, tier B, unless coverage says too little is known.
 * Weights (standard deviation of points over the training rows): Employees 17.3, Industry 11,
 * Region 0.66, so Employees is 60% of the weight and Industry 38%.
 */
const tier = (average_arr: number, average_deal_size: number, win_rate: number) => ({
  accounts: 10,
  customers: 5,
  average_arr,
  average_deal_size,
  win_rate,
});
const icp = handIcp({
  id: 'market1',
  attributes: [
    attribute('Employees', 'numeric', [
      bin({ kind: 'range', lo: null, hi: 100, label: '< 100' }, 0, 40, 2),
      bin({ kind: 'range', lo: 100, hi: 1000, label: '100 – 1,000' }, 30, 40, 11),
      bin({ kind: 'range', lo: 1000, hi: null, label: '≥ 1,000' }, 50, 10, 5),
      bin({ kind: 'missing', label: 'missing' }, 30, 10, 2),
    ]),
    attribute('Industry', 'categorical', [
      bin({ kind: 'categories', values: ['fintech'], label: 'Fintech' }, 40, 20, 10),
      bin({ kind: 'categories', values: ['retail'], label: 'Retail' }, 20, 30, 6),
      bin({ kind: 'other', label: 'other' }, 10, 30, 3),
      bin({ kind: 'missing', label: 'missing' }, 30, 20, 1),
    ]),
    attribute('Region', 'categorical', [
      bin({ kind: 'categories', values: ['north america'], label: 'North America' }, 2, 50, 11),
      bin({ kind: 'other', label: 'other' }, 1, 40, 8),
      bin({ kind: 'missing', label: 'missing' }, 0, 10, 1),
    ]),
  ],
  tiers: { A: 73, B: 50, C: 30 },
  rules: [{ kind: 'disqualify', when: { attribute: 'Employees', op: '<', value: 5 } }],
  economics: {
    currency: 'USD',
    tiers: {
      A: tier(100_000, 80_000, 0.5),
      B: tier(40_000, 30_000, 0.4),
      C: tier(10_000, 8_000, 0.3),
      D: tier(5_000, 4_000, 0.2),
    },
  },
});

// Each company's tier, worked out by hand from the points above.
const COMPANIES = [
  'name,employees,industry,region',
  'a,2000,Fintech,North America', // 50 + 40 + 2 = 92: A
  'b,500,fintech,Europe', //           30 + 40 + 1 = 71: B
  'c,500,Mining,Europe', //            30 + 10 + 1 = 41: C
  'd,50,Retail,Europe', //              0 + 20 + 1 = 21: D
  'e,3,Fintech,North America', //     Employees < 5: disqualified
  'f,,,', //                          nothing known (60 points of missing bins): unknown
  'g,,Fintech,North America', //      Industry and Region: 40% of the weight: unknown
];

describe('icp audit --market: a list of companies by tier', () => {
  it('counts every company in one tier, the unknown ones apart, and sizes the market', async () => {
    const file = join(dir, 'companies.csv');
    writeFileSync(file, `${COMPANIES.join('\n')}\n`);
    const m = await marketFit(db, icp, file);
    expect(m.rows).toBe(7);
    expect(m.tiers).toEqual({ A: 1, B: 1, C: 1, D: 1, unknown: 2, disqualified: 1 });
    // A-B among the five companies that could be tiered (disqualified ones count as tiered).
    expect(m.shareAB).toBe(0.4);
    expect(m.absentAttributes).toEqual([]);
    expect(m.size.narrow).toBe(false);
    expect(m.size.tiers.map((t) => [t.tier, t.companies, t.potentialArr, t.expectedArr])).toEqual([
      ['A', 1, 100_000, 50_000],
      ['B', 1, 40_000, 16_000],
      ['C', 1, 10_000, 3_000],
      ['D', 2, 10_000, 2_000],
      ['unknown', 2, null, null],
    ]);
    // The library agrees on every company.
    const tiers = COMPANIES.slice(1).map((line) => {
      const [, employees, industry, region] = line.split(',');
      const r = scoreRecord(icp, { employees, industry, region });
      return r.disqualified ? 'disqualified' : r.tier;
    });
    expect(tiers).toEqual(['A', 'B', 'C', 'D', 'disqualified', 'unknown', 'unknown']);
  });

  it('tiers a file without the scorecard attributes unknown, never A-B on its missing bins', async () => {
    const file = join(dir, 'names.csv');
    writeFileSync(file, 'name,city\nAcme,Boston\nGlobex,Springfield\nInitech,Austin\n');
    const m = await marketFit(db, icp, file);
    expect(m.tiers).toEqual({ A: 0, B: 0, C: 0, D: 0, unknown: 3, disqualified: 0 });
    expect(m.shareAB).toBe(0);
    expect(m.size.shareAB).toBeNull();
    expect(m.absentAttributes).toEqual(['Employees', 'Industry', 'Region']);
    expect(m.attributes.map((a) => [a.attribute, a.how, a.weight.toFixed(4)])).toEqual([
      ['Employees', 'absent', '0.5976'],
      ['Industry', 'absent', '0.3795'],
      ['Region', 'absent', '0.0229'],
    ]);
  });

  it('calls an ICP that leaves under 5% of the tiered companies in A-B too narrow', async () => {
    const file = join(dir, 'small.csv');
    const rows = ['employees,industry,region', '2000,Fintech,North America'];
    for (let i = 0; i < 20; i++) rows.push('50,Retail,Europe');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const m = await marketFit(db, icp, file);
    expect(m.tiers).toEqual({ A: 1, B: 0, C: 0, D: 20, unknown: 0, disqualified: 0 });
    expect(m.shareAB).toBeCloseTo(1 / 21, 12);
    expect(m.size.narrow).toBe(true);
  });
});
