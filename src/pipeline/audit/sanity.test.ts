import { describe, expect, it } from 'vitest';
import { sanityWarnings } from './sanity.js';

const tiers = (...nrr: (number | null)[]) =>
  nrr.map((x, i) => ({ tier: 'ABCD'[i] as string, netRevenueRetention: x }));

describe('sanityWarnings', () => {
  it('flags NRR above 200%, naming the tiers and the range', () => {
    expect(
      sanityWarnings({
        tiers: tiers(2.41, 2.9, 2.56, 2.24),
        revenue: 10,
        costToServe: 1,
        negativeRevenue: 0,
      }),
    ).toEqual([
      'net revenue retention is 224%-290% in every tier: above 200% is rare; check that overlapping subscriptions or invoices of one account are not counted twice and that amounts are monthly',
    ]);
    expect(
      sanityWarnings({
        tiers: tiers(2.1, 0.9, null),
        revenue: 10,
        costToServe: 1,
        negativeRevenue: 0,
      }),
    ).toEqual([
      'net revenue retention is 210% in tier A: above 200% is rare; check that overlapping subscriptions or invoices of one account are not counted twice and that amounts are monthly',
    ]);
  });

  it('flags negative revenue and support costing more than all revenue', () => {
    expect(
      sanityWarnings({ tiers: tiers(1, 1), revenue: 100, costToServe: 250, negativeRevenue: 1 }),
    ).toEqual([
      "1 customer has negative revenue in total: credit notes larger than the invoices; check the amounts' signs",
      "support costs 2.5 times all revenue: check value.support_cost_per_minute and the unit of the tickets' minutes",
    ]);
  });

  it('says nothing about plausible values or unmeasured ones', () => {
    expect(
      sanityWarnings({
        tiers: tiers(0.95, 1.1),
        revenue: 100,
        costToServe: 20,
        negativeRevenue: 0,
      }),
    ).toEqual([]);
    expect(
      sanityWarnings({ tiers: tiers(null), revenue: null, costToServe: null, negativeRevenue: 0 }),
    ).toEqual([]);
  });
});
