import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ColumnMapping } from '../src/core/config/schema.js';
import { loadConfig } from '../src/data/config/load-config.js';
import { loadDataset } from '../src/data/load/load-dataset.js';
import { check } from '../src/pipeline/check.js';
import { initConfig } from '../src/pipeline/init.js';

const FIXTURES = 'test/fixtures/exports';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A folder holding the fixture and the files it links to, as a user would have it. */
function folder(files: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'icp-exports-'));
  dirs.push(dir);
  for (const f of files) copyFileSync(join(FIXTURES, `${f}.csv`), join(dir, `${f}.csv`));
  return dir;
}

interface Case {
  readonly fixture: string;
  /** Other exports in the folder: the accounts it links to (and, for committees, deals and contacts). */
  readonly with: readonly string[];
  readonly table: string;
  readonly shape: string;
  readonly columns: Readonly<Record<string, ColumnMapping>>;
  /** A note icp init must give about this export. */
  readonly note?: string;
  /** rows, then rows linked by id, column, domain, email, name; then ambiguous, no key, not found. */
  readonly link?: readonly [number, number, number, number, number, number, number, number, number];
}

const CASES: readonly Case[] = [
  {
    fixture: 'hubspot-companies',
    with: [],
    table: 'accounts',
    shape: 'HubSpot companies',
    columns: {
      account_id: 'Record ID',
      name: 'Company name',
      domain: 'Company Domain Name',
      industry: 'Industry',
      employees: 'Number of Employees',
      annual_revenue: 'Annual Revenue',
      country: 'Country/Region',
      created_at: 'Create Date',
    },
  },
  {
    fixture: 'hubspot-deals',
    with: ['hubspot-companies'],
    table: 'deals',
    shape: 'HubSpot deals',
    columns: {
      deal_id: 'Record ID',
      account_id: 'Associated Company IDs (Primary)',
      account_name: 'Associated Company',
      stage: 'Deal Stage',
      amount: 'Amount',
      created_at: 'Create Date',
      closed_at: 'Close Date',
      owner: 'Deal owner',
      lost_reason: 'Closed Lost Reason',
    },
    link: [8, 8, 0, 0, 0, 0, 0, 0, 0],
  },
  {
    fixture: 'hubspot-tickets',
    with: ['hubspot-companies'],
    table: 'tickets',
    shape: 'HubSpot tickets',
    columns: {
      ticket_id: 'Ticket ID',
      account_id: 'Associated Company IDs (Primary)',
      account_name: 'Associated Company',
      created_at: 'Create date',
      priority: 'Priority',
      subject: 'Ticket name',
    },
    link: [5, 5, 0, 0, 0, 0, 0, 0, 0],
  },
  {
    fixture: 'hubspot-contacts',
    with: ['hubspot-companies'],
    table: 'contacts',
    shape: 'HubSpot contacts',
    columns: {
      contact_id: 'Record ID',
      account_id: 'Associated Company IDs (Primary)',
      account_name: 'Associated Company',
      email: 'Email',
      title: 'Job Title',
      role: 'Buying Role',
    },
    link: [5, 5, 0, 0, 0, 0, 0, 0, 0],
  },
  {
    fixture: 'hubspot-associations',
    with: ['hubspot-companies', 'hubspot-deals', 'hubspot-contacts'],
    table: 'deal_contacts',
    shape: 'HubSpot deal-contact associations',
    columns: { deal_id: 'Deal ID', contact_id: 'Contact ID', role: 'Association label' },
  },
  {
    fixture: 'salesforce-report-accounts',
    with: [],
    table: 'accounts',
    shape: 'Salesforce accounts report',
    columns: {
      account_id: 'Account ID',
      name: 'Account Name',
      domain: 'Website',
      employees: 'Employees',
      annual_revenue: 'Annual Revenue',
      country: 'Billing Country',
      created_at: 'Created Date',
      industry: 'Industry',
    },
  },
  {
    // A report carries account names, not ids: every row links by name.
    fixture: 'salesforce-report-opportunities',
    with: ['salesforce-report-accounts'],
    table: 'deals',
    shape: 'Salesforce opportunities report',
    columns: {
      deal_id: 'Opportunity ID',
      account_name: 'Account Name',
      stage: 'Stage',
      amount: 'Amount',
      created_at: 'Created Date',
      closed_at: 'Close Date',
      owner: 'Opportunity Owner',
      source: 'Lead Source',
    },
    link: [7, 0, 0, 0, 0, 7, 0, 0, 0],
  },
  {
    fixture: 'salesforce-account',
    with: [],
    table: 'accounts',
    shape: 'Salesforce Account (Data Loader / API)',
    columns: {
      account_id: 'ID',
      name: 'NAME',
      domain: 'WEBSITE',
      industry: 'INDUSTRY',
      employees: 'NUMBEROFEMPLOYEES',
      annual_revenue: 'ANNUALREVENUE',
      country: 'BILLINGCOUNTRY',
      created_at: 'CREATEDDATE',
    },
  },
  {
    fixture: 'salesforce-opportunity',
    with: ['salesforce-account'],
    table: 'deals',
    shape: 'Salesforce Opportunity (Data Loader / API)',
    columns: {
      deal_id: 'ID',
      account_id: 'ACCOUNTID',
      stage: 'STAGENAME',
      amount: 'AMOUNT',
      created_at: 'CREATEDDATE',
      closed_at: 'CLOSEDATE',
      owner: 'OWNERID',
      source: 'LEADSOURCE',
    },
    link: [6, 6, 0, 0, 0, 0, 0, 0, 0],
  },
  {
    // The web-to-case row has no account id, only the sender's email.
    fixture: 'salesforce-case',
    with: ['salesforce-account'],
    table: 'tickets',
    shape: 'Salesforce Case (Data Loader / API)',
    columns: {
      ticket_id: 'ID',
      account_id: 'ACCOUNTID',
      email: 'SUPPLIEDEMAIL',
      created_at: 'CREATEDDATE',
      priority: 'PRIORITY',
      subject: 'SUBJECT',
      type: 'TYPE',
    },
    link: [4, 3, 0, 0, 1, 0, 0, 0, 0],
  },
  {
    fixture: 'salesforce-contact',
    with: ['salesforce-account'],
    table: 'contacts',
    shape: 'Salesforce Contact (Data Loader / API)',
    columns: {
      contact_id: 'ID',
      account_id: 'ACCOUNTID',
      email: 'EMAIL',
      title: 'TITLE',
      department: 'DEPARTMENT',
    },
    link: [4, 4, 0, 0, 0, 0, 0, 0, 0],
  },
  {
    fixture: 'salesforce-opportunitycontactrole',
    with: ['salesforce-account', 'salesforce-opportunity', 'salesforce-contact'],
    table: 'deal_contacts',
    shape: 'Salesforce OpportunityContactRole (Data Loader / API)',
    columns: { deal_id: 'OPPORTUNITYID', contact_id: 'CONTACTID', role: 'ROLE' },
  },
  {
    fixture: 'pipedrive-organizations',
    with: [],
    table: 'accounts',
    shape: 'Pipedrive organizations',
    columns: {
      account_id: 'Organization - ID',
      name: 'Organization - Name',
      domain: 'Organization - Website',
      industry: 'Organization - Industry',
      employees: 'Organization - Number of employees',
      annual_revenue: 'Organization - Annual revenue',
      created_at: 'Organization - Organization created',
    },
  },
  {
    fixture: 'pipedrive-deals',
    with: ['pipedrive-organizations'],
    table: 'deals',
    shape: 'Pipedrive deals',
    columns: {
      deal_id: 'Deal - ID',
      account_name: 'Deal - Organization',
      stage: 'Deal - Status',
      amount: 'Deal - Value',
      created_at: 'Deal - Deal created',
      closed_at: 'Deal - Deal closed on',
      owner: 'Deal - Owner',
      lost_reason: 'Deal - Lost reason',
    },
    link: [5, 0, 0, 0, 0, 5, 0, 0, 0],
  },
  {
    // Cents and unix times; Umbrella pays from a gmail address and links by its name.
    fixture: 'stripe-invoices-api',
    with: ['hubspot-companies'],
    table: 'invoices',
    shape: 'Stripe invoices (API, cents and unix times)',
    columns: {
      invoice_id: 'id',
      account_id: 'customer',
      account_name: 'customer_name',
      email: 'customer_email',
      date: { column: 'created', epoch: 'seconds' },
      amount: { column: 'amount_paid', scale: 0.01 },
    },
    link: [6, 0, 0, 0, 3, 2, 0, 0, 1],
  },
  {
    fixture: 'stripe-invoices-dashboard',
    with: ['hubspot-companies'],
    table: 'invoices',
    shape: 'Stripe invoices (dashboard export)',
    columns: {
      invoice_id: 'id',
      account_id: 'Customer',
      account_name: 'Customer Name',
      email: 'Customer Email',
      date: 'Date (UTC)',
      amount: 'Amount Paid',
    },
    link: [4, 0, 0, 0, 3, 0, 0, 0, 1],
  },
  {
    fixture: 'stripe-payments-dashboard',
    with: ['hubspot-companies'],
    table: 'invoices',
    shape: 'Stripe payments (dashboard export)',
    columns: {
      invoice_id: 'id',
      account_id: 'Customer ID',
      account_name: 'Customer Description',
      email: 'Customer Email',
      date: 'Created (UTC)',
      amount: 'Converted Amount',
    },
    note: 'stripe-payments-dashboard.csv: every payment counts as revenue, failed and refunded ones too: export the succeeded payments only, or use the invoices export.',
    link: [4, 0, 0, 0, 3, 0, 0, 0, 1],
  },
  {
    // No email in the API's subscription: it links through the Stripe customers' ids.
    fixture: 'stripe-subscriptions-api',
    with: ['stripe-customers-api'],
    table: 'subscriptions',
    shape: 'Stripe subscriptions (API, cents and unix times)',
    columns: {
      subscription_id: 'id',
      account_id: 'customer',
      start_date: { column: 'start_date', epoch: 'seconds' },
      end_date: { column: 'ended_at', epoch: 'seconds' },
      mrr: { column: 'plan.amount', scale: 0.01, per: 'plan.interval', quantity: 'quantity' },
    },
    link: [3, 3, 0, 0, 0, 0, 0, 0, 0],
  },
  {
    fixture: 'stripe-subscriptions-dashboard',
    with: ['hubspot-companies'],
    table: 'subscriptions',
    shape: 'Stripe subscriptions (dashboard export)',
    columns: {
      subscription_id: 'id',
      account_id: 'Customer ID',
      account_name: 'Customer Description',
      email: 'Customer Email',
      start_date: 'Start Date (UTC)',
      end_date: 'Ended At (UTC)',
      mrr: { column: 'Amount', per: 'Interval', quantity: 'Quantity' },
    },
    link: [3, 0, 0, 0, 2, 1, 0, 0, 0],
  },
  {
    fixture: 'stripe-customers-api',
    with: [],
    table: 'accounts',
    shape: 'Stripe customers (API)',
    columns: {
      account_id: 'id',
      name: 'name',
      domain: 'email',
      created_at: { column: 'created', epoch: 'seconds' },
    },
  },
  {
    fixture: 'stripe-customers-dashboard',
    with: [],
    table: 'accounts',
    shape: 'Stripe customers (dashboard export)',
    columns: { account_id: 'id', name: 'Name', domain: 'Email', created_at: 'Created (UTC)' },
  },
  {
    fixture: 'chargebee-invoices',
    with: ['hubspot-companies'],
    table: 'invoices',
    shape: 'Chargebee invoices',
    columns: {
      invoice_id: 'invoices.id',
      account_id: 'invoices.customer_id',
      account_name: 'customers.company',
      email: 'customers.email',
      date: 'invoices.date',
      amount: 'invoices.amount_paid',
    },
    link: [4, 0, 0, 0, 2, 1, 0, 0, 1],
  },
  {
    fixture: 'chargebee-subscriptions',
    with: ['hubspot-companies'],
    table: 'subscriptions',
    shape: 'Chargebee subscriptions',
    columns: {
      subscription_id: 'subscriptions.id',
      account_id: 'subscriptions.customer_id',
      account_name: 'customers.company',
      email: 'customers.email',
      start_date: 'subscriptions.started_at',
      end_date: 'subscriptions.cancelled_at',
      mrr: 'subscriptions.mrr',
    },
    link: [3, 0, 0, 0, 1, 1, 0, 0, 1],
  },
  {
    // Full resolution time is elapsed time, not handling time: it is not read as minutes.
    fixture: 'zendesk-tickets',
    with: ['hubspot-companies'],
    table: 'tickets',
    shape: 'Zendesk tickets',
    columns: {
      ticket_id: 'Id',
      account_name: 'Organization',
      account_domain: 'Requester domain',
      email: 'Requester email',
      created_at: 'Created at',
      priority: 'Priority',
      subject: 'Subject',
      type: 'Ticket type',
      tags: 'Tags',
    },
    link: [5, 0, 0, 4, 0, 0, 0, 1, 0],
  },
  {
    fixture: 'intercom-conversations',
    with: ['hubspot-companies'],
    table: 'tickets',
    shape: 'Intercom conversations and tickets',
    columns: {
      ticket_id: 'Conversation ID',
      account_id: 'Company ID',
      account_name: 'Company name',
      email: 'User email',
      created_at: 'Conversation started at',
      tags: 'Conversation tags',
    },
    link: [4, 2, 0, 0, 2, 0, 0, 0, 0],
  },
  {
    fixture: 'freshdesk-tickets',
    with: ['hubspot-companies'],
    table: 'tickets',
    shape: 'Freshdesk tickets',
    columns: {
      ticket_id: 'Ticket ID',
      account_name: 'Company Name',
      account_domain: 'Company Domains',
      email: 'Email',
      created_at: 'Created time',
      priority: 'Priority',
      subject: 'Subject',
      type: 'Type',
      tags: 'Tags',
    },
    link: [4, 0, 0, 3, 1, 0, 0, 0, 0],
  },
];

describe('vendor export shapes', () => {
  it('has a case for every fixture in test/fixtures/exports', () => {
    const files = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.csv'))
      .map((f) => f.replace(/\.csv$/, ''))
      .sort();
    expect(CASES.map((c) => c.fixture).sort()).toEqual(files);
  });

  it.each(CASES)(
    '$fixture: icp init maps it with no hand-written mapping, icp check loads it',
    async (c) => {
      const dir = folder([c.fixture, ...c.with]);
      const result = await initConfig(dir);
      const note = result.notes.find((n) => n.startsWith(`${c.fixture}.csv -> `));
      expect(note).toMatch(
        new RegExp(
          `^${c.fixture}\\.csv -> ${c.table} \\(sure: headers .+ match ${escapeRegExp(c.shape)}\\): `,
        ),
      );
      if (c.note) expect(result.notes).toContain(c.note);
      const config = parse(result.yaml) as {
        sources: Record<string, { path: string; columns: unknown }>;
      };
      expect(config.sources[c.table]?.path).toBe(`${c.fixture}.csv`);
      expect(config.sources[c.table]?.columns).toEqual(c.columns);

      writeFileSync(join(dir, 'icp.config.yaml'), result.yaml);
      const profile = await check(join(dir, 'icp.config.yaml'), { today: '2024-06-01' });
      const table = profile.tables.find((t) => t.table === c.table);
      expect(table?.shape).toBe(c.shape);
      const link = profile.links.find((l) => l.table === c.table);
      if (c.link === undefined) {
        expect(link).toBeUndefined();
        return;
      }
      expect(
        link && [link.rows, ...Object.values(link.by), link.ambiguous, link.noKey, link.notFound],
      ).toEqual(c.link);
    },
  );
});

describe('the loader, with a config naming only paths', () => {
  it('reads vendor exports in their units: cents, unix times, yearly and per-seat prices as MRR', async () => {
    const dir = folder(['stripe-customers-api', 'stripe-invoices-api', 'stripe-subscriptions-api']);
    writeFileSync(
      join(dir, 'icp.config.yaml'),
      [
        'sources:',
        '  accounts: { path: stripe-customers-api.csv }',
        '  invoices: { path: stripe-invoices-api.csv }',
        '  subscriptions: { path: stripe-subscriptions-api.csv }',
        '',
      ].join('\n'),
    );
    const ds = await loadDataset(await loadConfig(join(dir, 'icp.config.yaml')), {
      today: '2024-06-01',
    });
    try {
      expect(
        await ds.db.all(
          'SELECT subscription_id, account_id, CAST(start_date AS VARCHAR) AS start, CAST(end_date AS VARCHAR) AS "end", mrr FROM subscriptions ORDER BY 1',
        ),
      ).toEqual([
        // 499.00 a month; 12,600.00 a year; 20.00 a month for each of 25 seats.
        {
          subscription_id: 'sub_1OaAcm01',
          account_id: 'cus_PaAcme01',
          start: '2024-02-01',
          end: null,
          mrr: 499,
        },
        {
          subscription_id: 'sub_1OaGlb01',
          account_id: 'cus_PaGlbx02',
          start: '2024-02-29',
          end: null,
          mrr: 1050,
        },
        {
          subscription_id: 'sub_1OaUmb01',
          account_id: 'cus_PaUmbr04',
          start: '2024-02-01',
          end: '2024-04-01',
          mrr: 500,
        },
      ]);
      expect(
        await ds.db.all(
          "SELECT invoice_id, CAST(date AS VARCHAR) AS date, amount FROM invoices WHERE invoice_id LIKE 'in_1OaAcm%' ORDER BY 1",
        ),
      ).toEqual([
        { invoice_id: 'in_1OaAcm0001', date: '2024-02-01', amount: 499 },
        { invoice_id: 'in_1OaAcm0002', date: '2024-03-01', amount: 499 },
      ]);
      expect([...ds.shapes.values()]).toEqual([
        'Stripe customers (API)',
        'Stripe invoices (API, cents and unix times)',
        'Stripe subscriptions (API, cents and unix times)',
      ]);
    } finally {
      ds.close();
    }
  });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
