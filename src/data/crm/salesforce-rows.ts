import type { CanonicalFile, FileColumn } from './canonical-files.js';
import { toDate, toNumber, toText, toTimestamp } from './crm-values.js';
import { crmFiles } from './crm-files.js';
import { icpSnapshotRow } from './icp-snapshot.js';
import type { SalesforceRecord } from './salesforce-api.js';

/** What the pull reads of each Salesforce object (SystemModstamp dates every change). */
export const SALESFORCE_OBJECTS = {
  Account: {
    table: 'accounts',
    fields: [
      'Id',
      'Name',
      'Website',
      'Industry',
      'NumberOfEmployees',
      'AnnualRevenue',
      'BillingCountry',
      'CreatedDate',
    ],
  },
  Opportunity: {
    table: 'deals',
    fields: [
      'Id',
      'AccountId',
      'CreatedDate',
      'CloseDate',
      'StageName',
      'IsClosed',
      'IsWon',
      'Amount',
      'LeadSource',
      'OwnerId',
    ],
  },
  Case: { table: 'tickets', fields: ['Id', 'AccountId', 'CreatedDate', 'Priority'] },
  Contact: { table: 'contacts', fields: ['Id', 'AccountId', 'Title', 'Department'] },
  OpportunityContactRole: {
    table: 'deal_contacts',
    fields: ['Id', 'OpportunityId', 'ContactId', 'Role'],
  },
} as const;

export type SalesforceObjectName = keyof typeof SALESFORCE_OBJECTS;

/** The canonical files of a Salesforce pull; `extra` are the named Account fields. */
export function salesforceFiles(extra: readonly FileColumn[]): CanonicalFile[] {
  return crmFiles({
    extra,
    dealText: ['stage_label', 'source'],
    contactText: ['title', 'department'],
    dealContacts: 'by id',
  });
}

/** Canonical rows of a page of records, per table. */
export function salesforceRows(
  object: SalesforceObjectName,
  records: readonly SalesforceRecord[],
  extra: readonly FileColumn[],
): Record<string, Record<string, unknown>[]> {
  const where = (r: SalesforceRecord) => (f: string) => () =>
    `Salesforce ${object} ${String(r.Id)}, field ${f}`;
  const modified = (r: SalesforceRecord) => ({
    modified_at: toTimestamp(r.SystemModstamp, where(r)('SystemModstamp')),
  });
  switch (object) {
    case 'Account':
      return {
        accounts: records.map((r) => ({ ...accountRow(r, extra, where(r)), ...modified(r) })),
        crm_icp: records.map((r) =>
          icpSnapshotRow(
            'salesforce',
            String(r.Id),
            (f) => r[f],
            modified(r).modified_at,
            where(r),
          ),
        ),
      };
    case 'Opportunity':
      return {
        deals: records.map((r) => {
          const stage = r.IsWon === true ? 'won' : r.IsClosed === true ? 'lost' : 'open';
          return {
            deal_id: toText(r.Id),
            account_id: toText(r.AccountId),
            created_at: toDate(r.CreatedDate, where(r)('CreatedDate')),
            // An open opportunity's CloseDate is the expected one, not a close.
            closed_at: stage === 'open' ? null : toDate(r.CloseDate, where(r)('CloseDate')),
            stage,
            stage_label: toText(r.StageName),
            amount: toNumber(r.Amount, where(r)('Amount')),
            source: toText(r.LeadSource),
            owner: toText(r.OwnerId),
            ...modified(r),
          };
        }),
      };
    case 'Case':
      return {
        tickets: records.map((r) => ({
          ticket_id: toText(r.Id),
          account_id: toText(r.AccountId),
          created_at: toDate(r.CreatedDate, where(r)('CreatedDate')),
          priority: toText(r.Priority),
          ...modified(r),
        })),
      };
    case 'Contact':
      return {
        contacts: records.map((r) => ({
          contact_id: toText(r.Id),
          account_id: toText(r.AccountId),
          title: toText(r.Title),
          department: toText(r.Department),
          ...modified(r),
        })),
      };
    case 'OpportunityContactRole':
      return {
        deal_contacts: records.map((r) => ({
          deal_contact_id: toText(r.Id),
          deal_id: toText(r.OpportunityId),
          contact_id: toText(r.ContactId),
          role: toText(r.Role),
          ...modified(r),
        })),
      };
    default: {
      const never: never = object;
      throw new Error(`unknown object ${String(never)}`);
    }
  }
}

function accountRow(
  r: SalesforceRecord,
  extra: readonly FileColumn[],
  at: (f: string) => () => string,
): Record<string, unknown> {
  return {
    account_id: toText(r.Id),
    name: toText(r.Name),
    domain: domainOf(toText(r.Website)),
    industry: toText(r.Industry),
    employees: toNumber(r.NumberOfEmployees, at('NumberOfEmployees'), true),
    annual_revenue: toNumber(r.AnnualRevenue, at('AnnualRevenue')),
    country: toText(r.BillingCountry),
    created_at: toDate(r.CreatedDate, at('CreatedDate')),
    ...Object.fromEntries(
      extra.map((c) => [
        c.name,
        c.type === 'DOUBLE'
          ? toNumber(r[c.name], at(c.name))
          : c.type === 'DATE'
            ? toDate(r[c.name], at(c.name))
            : toText(r[c.name]),
      ]),
    ),
  };
}

/** "https://www.example.com/about" -> "example.com". */
function domainOf(website: string | null): string | null {
  if (website === null) return null;
  const host = website
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/[/?#].*$/, '')
    .toLowerCase();
  return host === '' ? null : host;
}
