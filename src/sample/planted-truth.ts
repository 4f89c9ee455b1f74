/**
 * What the sample world hides, as data, so tests can check that discovery recovers it.
 * PLANTED_TRUTH.md beside this file explains each effect and its measured size.
 */

/** The ideal segment: mid-size fintechs. High value, little support, retained, expanding. */
export const IDEAL = { industry: 'Fintech', employeesMin: 200, employeesMax: 1999 } as const;

/** The trap: small retailers win easily, then churn and cost more to serve than they pay. */
export const TRAP = { industry: 'Retail', employeesMax: 49 } as const;

/**
 * Emerging: healthcare arriving in the last four quarters pays well, costs little and stays (an
 * ideal customer under the default target), and more of it arrives: `inflow` of the new accounts
 * of the industries in `inflowFrom` are healthcare instead.
 */
export const EMERGING = {
  industry: 'Healthcare',
  from: '2025-10-01',
  employeesMin: 50,
  inflow: 0.3,
  inflowFrom: ['Manufacturing', 'Education', 'Logistics', 'Media'],
} as const;

/** Attributes drawn with no effect on any outcome. */
export const NO_EFFECT = ['CRM', 'Founded Year'] as const;

/** Deals where a contact in this role took part win more often. */
export const COMMITTEE_ROLE = 'Economic Buyer';

/** The world's "today": no date in the sample is later. */
export const WORLD_TODAY = '2026-09-30';

/** The first day of the five years of history. */
export const WORLD_START = '2021-10-01';

/** Support cost per handling minute written into the sample's config. */
export const SUPPORT_COST_PER_MINUTE = 1.5;

export type Segment = 'ideal' | 'trap' | 'emerging' | 'other';
