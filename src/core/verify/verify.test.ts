import { describe, expect, it } from 'vitest';
import type { Condition } from '../icp/definition.js';
import { contributions } from './contributions.js';
import { baseRate, matchRows, measure, type VerifyRows } from './measure.js';

/** Groups of identical accounts: how many, their attributes, and how many are positive / bad. */
interface Group {
  readonly n: number;
  readonly industry: string;
  readonly employees: number;
  readonly positive: number;
  readonly bad: number;
  readonly customer?: boolean;
}

function rowsOf(groups: readonly Group[]): VerifyRows {
  const industry: string[] = [];
  const employees: number[] = [];
  const flags = { eligible: [] as number[], positive: [] as number[], bad: [] as number[] };
  const money = { revenue: [] as number[], net: [] as number[], tenure: [] as number[] };
  for (const g of groups)
    for (let i = 0; i < g.n; i++) {
      const customer = g.customer ?? true;
      industry.push(g.industry);
      employees.push(g.employees);
      flags.eligible.push(customer ? 1 : 0);
      flags.positive.push(i < g.positive ? 1 : 0);
      flags.bad.push(i < g.bad ? 1 : 0);
      money.revenue.push(customer ? 1 : Number.NaN);
      money.net.push(customer ? 10 : Number.NaN);
      money.tenure.push(customer ? 2 : Number.NaN);
    }
  return {
    n: industry.length,
    numbers: { Employees: Float64Array.from(employees) },
    texts: { Industry: industry },
    eligible: Uint8Array.from(flags.eligible),
    positive: Uint8Array.from(flags.positive),
    bad: Uint8Array.from(flags.bad),
    customer: Uint8Array.from(flags.eligible),
    revenue: Float64Array.from(money.revenue),
    netValue: Float64Array.from(money.net),
    tenure: Float64Array.from(money.tenure),
    tier: industry.map(() => null),
  };
}

const industryIn = (values: string[]): Condition => ({ attribute: 'Industry', op: 'in', values });
const employees: Condition = { attribute: 'Employees', op: 'between', min: 10, max: 2000 };
const anySize: Condition = { attribute: 'Employees', op: '>=', value: 1 };

// Fintech is good, Retail bad, SaaS never ideal; large Fintech companies are the best of all.
const world = rowsOf([
  { n: 50, industry: 'Fintech', employees: 100, positive: 20, bad: 0 },
  { n: 50, industry: 'Retail', employees: 100, positive: 0, bad: 50 },
  { n: 50, industry: 'Fintech', employees: 5000, positive: 40, bad: 0 },
  { n: 100, industry: 'SaaS', employees: 100, positive: 0, bad: 0 },
  { n: 10, industry: 'SaaS', employees: 100, positive: 0, bad: 0, customer: false },
]);

describe('verify: measuring a hand-written ICP', () => {
  const conditions = [industryIn(['Fintech', 'Retail']), employees, anySize];
  const { holds, match } = matchRows(conditions, world);

  it('measures the matches against the rest: coverage, precision, recall, lift, value', () => {
    expect(match.reduce((s, v) => s + v, 0)).toBe(100);
    const base = baseRate(world);
    expect(base).toBe(60 / 250);
    const m = measure('your ICP', match, world, base);
    expect(m.coverage).toBe(100 / 260);
    expect(m.coverageEligible).toBe(100 / 250);
    expect(m.precision).toMatchObject({ k: 20, n: 100, rate: 0.2 });
    expect(m.recall).toMatchObject({ k: 20, n: 60 });
    expect(m.lift).toBeCloseTo(0.2 / 0.24, 12);
    const [inside, rest] = m.groups;
    expect(inside).toMatchObject({ group: 'matches', accounts: 100, eligible: 100 });
    expect(inside?.bad).toMatchObject({ k: 50, n: 100 });
    expect(inside?.netValuePerMonth).toBe(5);
    expect(inside?.revenueShare).toBe(100 / 250);
    expect(rest).toMatchObject({ group: 'the rest', accounts: 160, eligible: 150 });
    expect(rest?.bad).toMatchObject({ k: 0, n: 150 });
  });

  it('says a criterion helps, excludes good customers, or keeps nobody out; and which values hurt', () => {
    expect(contributions(conditions, holds, match, world)).toEqual([
      {
        criterion: 'Industry in [Fintech, Retail]',
        effect: 'helps',
        evidence:
          'the 100 customers it alone keeps out are 0% ideal (0%-4%) against 20% (13%-29%, n=100) inside',
      },
      {
        criterion: 'Industry in [Fintech, Retail]',
        value: 'Fintech',
        effect: 'helps',
        evidence:
          'Industry = Fintech: 40% (28%-54%, n=50) ideal against 0% (0%-7%) for the rest of the ICP; 0% of its customers churned or cost more than they paid, against 100%',
      },
      {
        criterion: 'Industry in [Fintech, Retail]',
        value: 'Retail',
        effect: 'hurts',
        evidence:
          'Industry = Retail: 0% (0%-7%, n=50) ideal against 40% (28%-54%) for the rest of the ICP; 100% of its customers churned or cost more than they paid, against 0%',
      },
      {
        criterion: 'Employees between 10 and 2000',
        effect: 'excludes good customers',
        evidence:
          'the 50 customers it alone keeps out are 80% ideal (67%-89%) against 20% (13%-29%, n=100) inside',
      },
      {
        criterion: 'Employees >= 1',
        effect: 'no effect',
        evidence: 'it keeps out no customer that the other criteria let in',
      },
    ]);
  });

  it('calls an overlap no clear effect when those kept out do worse, and excludes when they do as well', () => {
    const effectOf = (keptOutPositives: number) => {
      const rows = rowsOf([
        { n: 10, industry: 'Fintech', employees: 100, positive: 4, bad: 0 },
        { n: 10, industry: 'SaaS', employees: 100, positive: keptOutPositives, bad: 0 },
      ]);
      const only = [industryIn(['Fintech'])];
      const { holds: h, match: m } = matchRows(only, rows);
      return contributions(only, h, m, rows).map((c) => c.effect);
    };
    expect(effectOf(3)).toEqual(['no clear effect']);
    expect(effectOf(4)).toEqual(['excludes good customers']);
    expect(effectOf(0)).toEqual(['no clear effect']);
  });
});
