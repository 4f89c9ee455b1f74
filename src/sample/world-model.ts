import type { Random } from '../core/random/prng.js';
import { EMERGING, IDEAL, TRAP, type Segment } from './planted-truth.js';

/** Industries with their share of accounts and the spellings exports use for them. */
export const INDUSTRIES = [
  {
    name: 'Fintech',
    weight: 14,
    variants: ['FinTech', 'fintech', 'Financial Technology', ' Fintech'],
  },
  { name: 'Healthcare', weight: 13, variants: ['Health Care', 'healthcare', 'HealthCare'] },
  { name: 'Retail', weight: 15, variants: ['retail', 'RETAIL', 'Retail '] },
  { name: 'Manufacturing', weight: 12, variants: ['manufacturing', 'Mfg'] },
  { name: 'SaaS', weight: 14, variants: ['Software', 'saas', 'SaaS / Software'] },
  { name: 'Education', weight: 9, variants: ['education', 'EdTech'] },
  { name: 'Logistics', weight: 11, variants: ['logistics', 'Transport & Logistics'] },
  { name: 'Media', weight: 12, variants: ['media', 'Media & Entertainment'] },
] as const;

export const REGIONS = [
  { name: 'North America', weight: 45, countries: ['US', 'US', 'US', 'CA'] },
  { name: 'Europe', weight: 30, countries: ['UK', 'DE', 'FR', 'NL', 'SE', 'ES'] },
  { name: 'APAC', weight: 15, countries: ['AU', 'SG', 'JP', 'IN'] },
  { name: 'LATAM', weight: 10, countries: ['BR', 'MX', 'AR'] },
] as const;

/** Employee bands: [min, max, weight]. */
export const SIZE_BANDS = [
  [10, 49, 30],
  [50, 199, 30],
  [200, 999, 24],
  [1000, 4999, 12],
  [5000, 20000, 4],
] as const;

export const FUNDING = [
  'Bootstrapped',
  'Seed',
  'Series A',
  'Series B',
  'Series C+',
  'Public',
] as const;
export const TECH = [
  'Salesforce',
  'HubSpot',
  'Slack',
  'AWS',
  'Azure',
  'GCP',
  'Snowflake',
  'Zendesk',
  'Jira',
  'Stripe',
] as const;
export const LEAD_SOURCES = ['Inbound', 'Outbound', 'Partner', 'Event', 'Referral'] as const;
export const CRMS = ['Salesforce', 'HubSpot', 'Pipedrive', 'Zoho', 'No CRM'] as const;
export const OWNERS = [
  'Avery Chen',
  'Jordan Patel',
  'Sam Okafor',
  'Riley Novak',
  'Casey Moreau',
  'Morgan Silva',
  'Taylor Brooks',
  'Jamie Lindqvist',
  'Drew Nakamura',
  'Alex Romero',
  'Quinn Adeyemi',
  'Parker Huang',
] as const;
export const ROLES = [
  'Economic Buyer',
  'Champion',
  'Technical Evaluator',
  'User',
  'Legal',
] as const;
export const TITLES: Record<
  (typeof ROLES)[number],
  readonly { title: string; seniority: string; department: string }[]
> = {
  'Economic Buyer': [
    { title: 'Chief Financial Officer', seniority: 'C-level', department: 'Finance' },
    { title: 'VP Operations', seniority: 'VP', department: 'Operations' },
    { title: 'Chief Technology Officer', seniority: 'C-level', department: 'Engineering' },
  ],
  Champion: [
    { title: 'Head of Revenue Operations', seniority: 'Director', department: 'Sales' },
    {
      title: 'Director of Customer Success',
      seniority: 'Director',
      department: 'Customer Success',
    },
  ],
  'Technical Evaluator': [
    {
      title: 'Senior Data Engineer',
      seniority: 'Individual Contributor',
      department: 'Engineering',
    },
    { title: 'IT Manager', seniority: 'Manager', department: 'IT' },
  ],
  User: [
    { title: 'Sales Operations Analyst', seniority: 'Individual Contributor', department: 'Sales' },
    { title: 'Marketing Manager', seniority: 'Manager', department: 'Marketing' },
  ],
  Legal: [{ title: 'Corporate Counsel', seniority: 'Manager', department: 'Legal' }],
};
export const FIRST_NAMES = [
  'Ana',
  'Ben',
  'Chloe',
  'Dev',
  'Elif',
  'Femi',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kira',
  'Luis',
  'Mina',
  'Noor',
  'Omar',
  'Priya',
] as const;
export const LAST_NAMES = [
  'Andersen',
  'Bauer',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jansen',
  'Kowalski',
  'Larsen',
  'Mensah',
  'Novak',
  'Ortega',
  'Park',
] as const;

const NAME_A = [
  'Blue',
  'North',
  'Silver',
  'Bright',
  'Iron',
  'Clear',
  'Red',
  'Summit',
  'Harbor',
  'Cedar',
  'Nova',
  'Quantum',
  'Atlas',
  'Pioneer',
  'Vertex',
  'Open',
  'Prime',
  'Swift',
  'Green',
  'Polar',
] as const;
const NAME_B = [
  'wave',
  'point',
  'stone',
  'field',
  'bridge',
  'light',
  'path',
  'works',
  'line',
  'gate',
  'leaf',
  'peak',
  'forge',
  'river',
  'grid',
  'spark',
] as const;
const NAME_C = [
  'Analytics',
  'Systems',
  'Labs',
  'Group',
  'Health',
  'Capital',
  'Retail',
  'Logistics',
  'Media',
  'Software',
  'Partners',
  'Industries',
] as const;

/** The attributes drawn for one account; every effect in the world is a function of these. */
export interface Firmographics {
  readonly industry: (typeof INDUSTRIES)[number]['name'];
  readonly employees: number;
  readonly annualRevenue: number;
  readonly region: (typeof REGIONS)[number]['name'];
  readonly country: string;
  readonly funding: (typeof FUNDING)[number];
  readonly tech: string;
  readonly leadSource: (typeof LEAD_SOURCES)[number];
  readonly crm: (typeof CRMS)[number];
  readonly foundedYear: number;
  readonly name: string;
}

export function drawFirmographics(r: Random): Firmographics {
  const ind = r.weighted(
    INDUSTRIES,
    INDUSTRIES.map((i) => i.weight),
  );
  const band = r.weighted(
    SIZE_BANDS,
    SIZE_BANDS.map((b) => b[2]),
  );
  const employees = Math.round(
    Math.exp(Math.log(band[0]) + r.next() * (Math.log(band[1] + 1) - Math.log(band[0]))),
  );
  const region = r.weighted(
    REGIONS,
    REGIONS.map((g) => g.weight),
  );
  const perHead =
    90_000 *
    Math.exp(0.35 * r.normal()) *
    (ind.name === 'Fintech' || ind.name === 'SaaS' ? 1.6 : 1);
  const stage = Math.min(
    FUNDING.length - 1,
    Math.max(0, Math.floor(Math.log10(employees) * 1.6 - 1 + r.normal() * 0.8)),
  );
  const techCount = r.int(2, 4);
  const tech = new Set<string>();
  while (tech.size < techCount) tech.add(r.pick(TECH));
  return {
    industry: ind.name,
    employees,
    annualRevenue: Math.round((employees * perHead) / 1000) * 1000,
    region: region.name,
    country: r.pick(region.countries),
    funding: FUNDING[stage] as (typeof FUNDING)[number],
    tech: [...tech].sort().join(';'),
    leadSource: r.weighted(LEAD_SOURCES, [35, 25, 15, 10, 15]),
    crm: r.weighted(CRMS, [35, 30, 12, 8, 15]),
    foundedYear: r.int(1985, 2022),
    name: `${r.pick(NAME_A)}${r.pick(NAME_B)} ${r.pick(NAME_C)}`,
  };
}

/** The planted segment of an account. `lateArrival`: created on or after EMERGING.from. */
export function segmentOf(f: Firmographics, lateArrival: boolean, drift: boolean): Segment {
  if (
    f.industry === IDEAL.industry &&
    f.employees >= IDEAL.employeesMin &&
    f.employees <= IDEAL.employeesMax
  )
    return 'ideal';
  if (f.industry === TRAP.industry && f.employees <= TRAP.employeesMax) return 'trap';
  if (
    drift &&
    lateArrival &&
    f.industry === EMERGING.industry &&
    f.employees >= EMERGING.employeesMin
  )
    return 'emerging';
  return 'other';
}

/** How each segment behaves. Rates are per deal or per customer-month. */
export const BEHAVIOUR: Record<
  Segment,
  {
    winLogit: number;
    acvFactor: number;
    cycleDays: number;
    churnPerMonth: number;
    growthPerMonth: number;
    ticketsPerMonth: number;
    ticketMinutes: number;
    npsMean: number;
  }
> = {
  ideal: {
    winLogit: 0.9,
    acvFactor: 1.6,
    cycleDays: 50,
    churnPerMonth: 0.004,
    growthPerMonth: 0.012,
    ticketsPerMonth: 0.15,
    ticketMinutes: 25,
    npsMean: 9,
  },
  trap: {
    winLogit: 1.6,
    acvFactor: 0.7,
    cycleDays: 18,
    churnPerMonth: 0.07,
    growthPerMonth: -0.004,
    ticketsPerMonth: 2.6,
    ticketMinutes: 95,
    npsMean: 5,
  },
  emerging: {
    winLogit: 1.1,
    acvFactor: 3.5,
    cycleDays: 40,
    churnPerMonth: 0.003,
    growthPerMonth: 0.012,
    ticketsPerMonth: 0.2,
    ticketMinutes: 30,
    npsMean: 8.7,
  },
  other: {
    winLogit: -0.35,
    acvFactor: 1,
    cycleDays: 65,
    churnPerMonth: 0.018,
    growthPerMonth: 0.003,
    ticketsPerMonth: 0.45,
    ticketMinutes: 40,
    npsMean: 7.2,
  },
};
