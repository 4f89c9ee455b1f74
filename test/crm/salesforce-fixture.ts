import { salesforceId18 } from '../../src/data/crm/salesforce-id.js';
import { BOOK_NOW, type CrmBook } from './crm-book.js';
import type { EmuResponse } from './emulator-server.js';

/**
 * The book as Salesforce holds it: records of Account, Opportunity, Contact, Case,
 * OpportunityContactRole and OpportunityStage with 18-character ids, and each object's fields
 * with their describe types.
 */

export type SfRecord = Record<string, unknown> & {
  Id: string;
  SystemModstamp: number;
  IsDeleted?: boolean;
};

const PREFIX = {
  Account: '001',
  Opportunity: '006',
  Contact: '003',
  Case: '500',
  OpportunityContactRole: '00K',
} as const;
/** A record's 18-character id: key prefix, a pod, the key in base 36. */
export const sfId = (object: keyof typeof PREFIX, key: number) =>
  salesforceId18(`${PREFIX[object]}5g0000${key.toString(36).toUpperCase().padStart(6, '0')}`);
export const DATETIME = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');
export const DATE = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Fields per object, with their describe type (dates and datetimes are kept as epoch ms). */
export const FIELD_TYPES: Record<string, Record<string, string>> = {
  Account: {
    Id: 'id',
    Name: 'string',
    Website: 'url',
    Industry: 'picklist',
    NumberOfEmployees: 'int',
    AnnualRevenue: 'currency',
    BillingCountry: 'string',
    CreatedDate: 'datetime',
    SystemModstamp: 'datetime',
    Region__c: 'picklist',
  },
  Opportunity: {
    Id: 'id',
    AccountId: 'reference',
    Name: 'string',
    CreatedDate: 'datetime',
    CloseDate: 'date',
    StageName: 'picklist',
    IsClosed: 'boolean',
    IsWon: 'boolean',
    Amount: 'currency',
    LeadSource: 'picklist',
    OwnerId: 'reference',
    SystemModstamp: 'datetime',
  },
  Contact: {
    Id: 'id',
    AccountId: 'reference',
    Title: 'string',
    Department: 'string',
    SystemModstamp: 'datetime',
  },
  Case: {
    Id: 'id',
    AccountId: 'reference',
    CreatedDate: 'datetime',
    Priority: 'picklist',
    SystemModstamp: 'datetime',
  },
  OpportunityContactRole: {
    Id: 'id',
    OpportunityId: 'reference',
    ContactId: 'reference',
    Role: 'picklist',
    SystemModstamp: 'datetime',
  },
  OpportunityStage: {
    MasterLabel: 'string',
    IsClosed: 'boolean',
    IsWon: 'boolean',
    SortOrder: 'int',
    SystemModstamp: 'datetime',
    Id: 'id',
  },
};

/** Every record of the book, per sObject. */
export function salesforceRecords(book: CrmBook): Map<string, SfRecord[]> {
  const records = new Map<string, SfRecord[]>();
  const put = (object: string, list: SfRecord[]) => records.set(object, list);
  put(
    'Account',
    book.companies.map((c) => ({
      Id: sfId('Account', c.key),
      Name: c.name,
      Website: `https://www.${c.domain}/`,
      Industry: c.industry,
      NumberOfEmployees: c.employees,
      AnnualRevenue: c.revenue,
      BillingCountry: c.country,
      CreatedDate: c.createdAt,
      SystemModstamp: c.modifiedAt,
      Region__c: { NA: 'North America', EMEA: 'EMEA', APAC: 'Asia Pacific' }[c.region],
    })),
  );
  const stageName = { won: 'Closed Won', lost: 'Closed Lost', open: 'Negotiation/Review' };
  put(
    'Opportunity',
    book.deals.map((d) => ({
      Id: sfId('Opportunity', d.key),
      AccountId: sfId('Account', d.companyKey),
      Name: `Deal ${d.key}`,
      CreatedDate: d.createdAt,
      CloseDate: d.closedAt ?? d.createdAt + 90 * 86_400_000,
      StageName: stageName[d.outcome],
      IsClosed: d.outcome !== 'open',
      IsWon: d.outcome === 'won',
      Amount: d.amount,
      LeadSource: d.key % 3 === 0 ? 'Web' : 'Partner Referral',
      OwnerId: `0055g00000${String(d.key % 7).padStart(5, '0')}AAA`,
      SystemModstamp: d.modifiedAt,
    })),
  );
  put(
    'Contact',
    book.contacts.map((c) => ({
      Id: sfId('Contact', c.key),
      AccountId: sfId('Account', c.companyKey),
      Title: c.title,
      Department: c.department,
      SystemModstamp: c.modifiedAt,
    })),
  );
  put(
    'Case',
    book.tickets.map((t) => ({
      Id: sfId('Case', t.key),
      AccountId: sfId('Account', t.companyKey),
      CreatedDate: t.createdAt,
      Priority: { HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low' }[t.priority],
      SystemModstamp: t.modifiedAt,
    })),
  );
  const roles: SfRecord[] = [];
  for (const [deal, contacts] of book.dealContacts)
    for (const c of contacts)
      roles.push({
        Id: sfId('OpportunityContactRole', roles.length),
        OpportunityId: sfId('Opportunity', deal),
        ContactId: sfId('Contact', c),
        Role: book.contacts[c]!.role,
        SystemModstamp: book.deals[deal]!.modifiedAt,
      });
  put('OpportunityContactRole', roles);
  const stages = [
    'Prospecting',
    'Qualification',
    'Negotiation/Review',
    'Closed Won',
    'Closed Lost',
  ];
  put(
    'OpportunityStage',
    stages.map((s, i) => ({
      Id: `01J5g00000${String(i).padStart(5, '0')}AAA`,
      MasterLabel: s,
      IsClosed: s.startsWith('Closed'),
      IsWon: s === 'Closed Won',
      SortOrder: i + 1,
      SystemModstamp: BOOK_NOW,
    })),
  );
  return records;
}

/** The body Salesforce sends with an injected status. */
export function salesforceFault(status: number): EmuResponse {
  if (status === 429)
    return {
      status,
      body: [
        { message: 'Too many requests, retry later.', errorCode: 'REQUEST_LIMIT_EXCEEDED_RETRY' },
      ],
    };
  if (status === 502) return { status, text: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
  return {
    status,
    body: [
      {
        message:
          'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)',
        errorCode: 'UNKNOWN_EXCEPTION',
      },
    ],
  };
}
