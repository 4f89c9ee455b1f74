import { createRandom, deriveSeed } from '../../src/core/random/prng.js';

/**
 * A synthetic CRM book shared by the HubSpot and Salesforce emulations: companies with
 * firmographics and a custom "region" property, deals won or lost by a planted rule, contacts
 * with buying roles, deal-contact links and tickets. Deterministic per seed; built lazily
 * (one company at a time) so a 50,000-company book costs little.
 *
 * Planted truth: Fintech companies of 200 to 1,999 employees win 75% of their closed deals,
 * Retail companies under 50 employees 60%, everyone else 25%. Region has no effect.
 */
export interface BookCompany {
  readonly key: number;
  readonly name: string;
  readonly domain: string;
  readonly industry: string | null;
  readonly employees: number | null;
  readonly revenue: number | null;
  readonly country: string;
  readonly region: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly modifiedAt: number;
}

export interface BookDeal {
  readonly key: number;
  readonly companyKey: number;
  readonly amount: number;
  readonly createdAt: number;
  readonly closedAt: number | null;
  readonly outcome: 'won' | 'lost' | 'open';
  /** Which of the two pipelines the deal is in (the renewal pipeline has its own stage ids). */
  readonly pipeline: 'sales' | 'renewal';
  readonly modifiedAt: number;
}

export interface BookContact {
  readonly key: number;
  readonly companyKey: number;
  readonly title: string;
  readonly role: string;
  readonly department: string;
  readonly modifiedAt: number;
}

export interface BookTicket {
  readonly key: number;
  readonly companyKey: number;
  readonly createdAt: number;
  readonly priority: 'HIGH' | 'MEDIUM' | 'LOW';
  readonly modifiedAt: number;
}

export interface CrmBook {
  readonly companies: readonly BookCompany[];
  readonly deals: readonly BookDeal[];
  readonly contacts: readonly BookContact[];
  readonly tickets: readonly BookTicket[];
  /** Deal key -> contact keys who took part (the contact's role is the deal role). */
  readonly dealContacts: ReadonlyMap<number, readonly number[]>;
}

export const INDUSTRIES = ['Fintech', 'SaaS', 'Retail', 'Healthcare', 'Manufacturing', 'Media'];
const COUNTRIES = ['United States', 'United Kingdom', 'Germany', 'France', 'Canada'];
const REGIONS = ['NA', 'EMEA', 'APAC'];
const ROLES = ['Decision Maker', 'Champion', 'End User', 'Influencer'];
const DAY = 86_400_000;
/** The book's "now": every record was last modified before it. */
export const BOOK_NOW = Date.UTC(2026, 5, 30);

/**
 * Builds a book of `companies` companies. By default roughly 0.5 deals, 0.45 contacts and 0.08
 * tickets per company; `sparse` has about a third as many of each (a large book that stays
 * quick to sync).
 */
export function crmBook(options: { companies: number; seed?: number; sparse?: boolean }): CrmBook {
  const { companies: n, seed = 7, sparse = false } = options;
  const share = sparse ? 1 / 3 : 1;
  const companies: BookCompany[] = [];
  const deals: BookDeal[] = [];
  const contacts: BookContact[] = [];
  const tickets: BookTicket[] = [];
  const dealContacts = new Map<number, number[]>();
  for (let key = 0; key < n; key++) {
    const r = createRandom(deriveSeed(seed, key));
    const industry = r.next() < 0.04 ? null : r.pick(INDUSTRIES);
    const employees = r.next() < 0.04 ? null : Math.round(Math.exp(2 + r.next() * 6.5));
    const createdAt = Date.UTC(2021, 0, 1) + r.int(0, 1_600) * DAY;
    companies.push({
      key,
      name: `${r.pick(['Nord', 'Blue', 'Kite', 'Cedar', 'Zürich', 'Oak'])}${r.pick(['tech', 'works', 'labs', ' & Co', ' Ltd'])} ${key}`,
      domain: `company${key}.example`,
      industry,
      employees,
      revenue: employees === null ? null : employees * 90_000,
      country: r.pick(COUNTRIES),
      region: r.pick(REGIONS),
      createdAt,
      modifiedAt: createdAt + r.int(1, 200) * DAY,
    });
    const ideal =
      industry === 'Fintech' && employees !== null && employees >= 200 && employees < 2000;
    const trap = industry === 'Retail' && employees !== null && employees < 50;
    const winRate = ideal ? 0.75 : trap ? 0.6 : 0.25;
    const companyContacts: number[] = [];
    const nContacts = r.next() < 0.3 * share ? r.int(1, 2) : 0;
    for (let c = 0; c < nContacts; c++) {
      const contactKey = contacts.length;
      companyContacts.push(contactKey);
      contacts.push({
        key: contactKey,
        companyKey: key,
        title: r.pick(['CFO', 'VP Sales', 'Head of Operations', 'Engineer']),
        role: r.pick(ROLES),
        department: r.pick(['Finance', 'Sales', 'Operations', 'Engineering']),
        modifiedAt: createdAt + r.int(1, 300) * DAY,
      });
    }
    const nDeals = r.next() < 0.35 * share ? r.int(1, 2) : 0;
    for (let d = 0; d < nDeals; d++) {
      const dealKey = deals.length;
      const open = r.next() < 0.1;
      const won = r.next() < winRate;
      const dealCreated = createdAt + r.int(0, 300) * DAY;
      const closedAt = open
        ? null
        : Math.min(BOOK_NOW - 2 * DAY, dealCreated + r.int(10, 120) * DAY);
      deals.push({
        key: dealKey,
        companyKey: key,
        amount: Math.round(5_000 + (employees ?? 100) * 20 * (0.5 + r.next())),
        createdAt: dealCreated,
        closedAt,
        outcome: open ? 'open' : won ? 'won' : 'lost',
        pipeline: r.next() < 0.2 ? 'renewal' : 'sales',
        modifiedAt: Math.min(BOOK_NOW - DAY, (closedAt ?? dealCreated) + DAY),
      });
      if (companyContacts.length > 0) dealContacts.set(dealKey, [companyContacts[0]!]);
    }
    if (r.next() < 0.08 * share) {
      tickets.push({
        key: tickets.length,
        companyKey: key,
        createdAt: createdAt + r.int(30, 400) * DAY,
        priority: r.pick(['HIGH', 'MEDIUM', 'LOW'] as const),
        modifiedAt: Math.min(BOOK_NOW - DAY, createdAt + r.int(400, 500) * DAY),
      });
    }
  }
  return { companies, deals, contacts, tickets, dealContacts };
}
