import type { CrmBook } from './crm-book.js';

/**
 * The book as HubSpot holds it: records with string properties, associations with their type
 * ids and labels, the property definitions (enumerations with options) and the deal
 * pipelines, as HubSpot's API reference shows them.
 */

export interface HsRecord {
  readonly id: number;
  readonly props: Record<string, string | null>;
  readonly createdAt: number;
  modifiedAt: number;
  archived: boolean;
}

export interface HsProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string;
  hubspotDefined?: boolean;
  options?: { label: string; value: string; displayOrder: number; hidden: boolean }[];
}

export type Assoc = {
  toId: number;
  types: { category: string; typeId: number; label: string | null }[];
};

export const ID_BASE = {
  companies: 5_000_000_000,
  deals: 9_000_000_000,
  contacts: 100_000,
  tickets: 2_000_000_000,
};
const INDUSTRY_VALUES: Record<string, string> = {
  Fintech: 'FINANCIAL_SERVICES',
  SaaS: 'COMPUTER_SOFTWARE',
  Retail: 'RETAIL',
  Healthcare: 'HOSPITAL_HEALTH_CARE',
  Manufacturing: 'MACHINERY',
  Media: 'MEDIA_PRODUCTION',
};
const ROLE_VALUES: Record<string, string> = {
  'Decision Maker': 'DECISION_MAKER',
  Champion: 'CHAMPION',
  'End User': 'END_USER',
  Influencer: 'INFLUENCER',
};
const options = (pairs: Record<string, string>) =>
  Object.entries(pairs).map(([label, value], i) => ({
    label,
    value,
    displayOrder: i,
    hidden: false,
  }));
export const iso = (ms: number) => new Date(ms).toISOString();

export const HUBSPOT_PIPELINES = [
  {
    id: 'default',
    label: 'Sales Pipeline',
    displayOrder: 0,
    archived: false,
    stages: [
      ['appointmentscheduled', 'Appointment Scheduled', 'false', '0.2'],
      ['qualifiedtobuy', 'Qualified To Buy', 'false', '0.4'],
      ['contractsent', 'Contract Sent', 'false', '0.9'],
      ['closedwon', 'Closed Won', 'true', '1.0'],
      ['closedlost', 'Closed Lost', 'true', '0.0'],
    ].map(([id, label, isClosed, probability], displayOrder) => ({
      id: id!,
      label: label!,
      displayOrder,
      metadata: { isClosed: isClosed!, probability: probability! },
      archived: false,
    })),
  },
  {
    // A custom pipeline: its stage ids are numbers, so only the metadata says won or lost.
    id: '98765432',
    label: 'Renewals',
    displayOrder: 1,
    archived: false,
    stages: [
      ['98765433', 'Renewal Due', 'false', '0.5'],
      ['98765434', 'Renewed', 'true', '1.0'],
      ['98765435', 'Churned', 'true', '0.0'],
    ].map(([id, label, isClosed, probability], displayOrder) => ({
      id: id!,
      label: label!,
      displayOrder,
      metadata: { isClosed: isClosed!, probability: probability! },
      archived: false,
    })),
  },
];

/** Every record of the book, per object type, in id order. */
export function hubspotRecords(book: CrmBook): Map<string, HsRecord[]> {
  const records = new Map<string, HsRecord[]>();
  const rec = (
    type: keyof typeof ID_BASE,
    key: number,
    createdAt: number,
    modifiedAt: number,
    props: Record<string, string | null>,
  ): HsRecord => ({
    id: ID_BASE[type] + key,
    props: {
      ...props,
      createdate: iso(createdAt),
      [type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate']: iso(modifiedAt),
      hs_object_id: String(ID_BASE[type] + key),
    },
    createdAt,
    modifiedAt,
    archived: false,
  });
  const num = (x: number | null) => (x === null ? null : String(x));
  records.set(
    'companies',
    book.companies.map((c) =>
      rec('companies', c.key, c.createdAt, c.modifiedAt, {
        name: c.name,
        domain: c.domain,
        industry: c.industry === null ? null : INDUSTRY_VALUES[c.industry]!,
        numberofemployees: num(c.employees),
        annualrevenue: num(c.revenue),
        country: c.country,
        region: c.region,
      }),
    ),
  );
  records.set(
    'deals',
    book.deals.map((d) => {
      const renewal = d.pipeline === 'renewal';
      const stage = {
        won: renewal ? '98765434' : 'closedwon',
        lost: renewal ? '98765435' : 'closedlost',
        open: renewal ? '98765433' : 'qualifiedtobuy',
      }[d.outcome];
      return rec('deals', d.key, d.createdAt, d.modifiedAt, {
        dealname: `Deal ${d.key}`,
        amount: String(d.amount),
        // Open deals carry the expected close date.
        closedate: iso(d.closedAt ?? d.createdAt + 90 * 86_400_000),
        dealstage: stage,
        pipeline: renewal ? '98765432' : 'default',
        hubspot_owner_id: String(1000 + (d.key % 7)),
      });
    }),
  );
  records.set(
    'contacts',
    book.contacts.map((c) =>
      rec('contacts', c.key, c.modifiedAt - 86_400_000, c.modifiedAt, {
        jobtitle: c.title,
        hs_buying_role: ROLE_VALUES[c.role]!,
        associatedcompanyid: String(ID_BASE.companies + c.companyKey),
      }),
    ),
  );
  records.set(
    'tickets',
    book.tickets.map((t) =>
      rec('tickets', t.key, t.createdAt, t.modifiedAt, { hs_ticket_priority: t.priority }),
    ),
  );
  return records;
}

/** The associations, by "from/to" type and the record they start from. */
export function hubspotAssociations(book: CrmBook): Map<string, Map<number, Assoc[]>> {
  const links = new Map<string, Map<number, Assoc[]>>();
  const link = (from: string, to: string, fromId: number, a: Assoc) => {
    const key = `${from}/${to}`;
    if (!links.has(key)) links.set(key, new Map());
    const m = links.get(key)!;
    m.set(fromId, [...(m.get(fromId) ?? []), a]);
  };
  // Association type ids as in HubSpot's table of default association types.
  for (const d of book.deals) {
    link('deals', 'companies', ID_BASE.deals + d.key, {
      toId: ID_BASE.companies + d.companyKey,
      types: [
        { category: 'HUBSPOT_DEFINED', typeId: 5, label: 'Primary' },
        { category: 'HUBSPOT_DEFINED', typeId: 341, label: null },
      ],
    });
    for (const c of book.dealContacts.get(d.key) ?? [])
      link('deals', 'contacts', ID_BASE.deals + d.key, {
        toId: ID_BASE.contacts + c,
        types: [
          { category: 'HUBSPOT_DEFINED', typeId: 3, label: null },
          { category: 'USER_DEFINED', typeId: 51, label: book.contacts[c]!.role },
        ],
      });
  }
  for (const t of book.tickets)
    link('tickets', 'companies', ID_BASE.tickets + t.key, {
      toId: ID_BASE.companies + t.companyKey,
      types: [{ category: 'HUBSPOT_DEFINED', typeId: 339, label: 'Primary' }],
    });
  return links;
}

/** The properties of each object type (companies have a custom "region"). */
export function hubspotProperties(): Map<string, HsProperty[]> {
  const properties = new Map<string, HsProperty[]>();
  const p = (
    name: string,
    label: string,
    type: string,
    fieldType: string,
    extra: Partial<HsProperty> = {},
  ): HsProperty => ({
    name,
    label,
    type,
    fieldType,
    groupName: 'companyinformation',
    hubspotDefined: true,
    ...extra,
  });
  const common = [
    p('createdate', 'Create Date', 'datetime', 'date'),
    p('hs_object_id', 'Record ID', 'number', 'number'),
  ];
  properties.set('companies', [
    ...common,
    p('name', 'Company name', 'string', 'text'),
    p('domain', 'Company Domain Name', 'string', 'text'),
    p('industry', 'Industry', 'enumeration', 'select', { options: options(INDUSTRY_VALUES) }),
    p('numberofemployees', 'Number of Employees', 'number', 'number'),
    p('annualrevenue', 'Annual Revenue', 'number', 'number'),
    p('country', 'Country/Region', 'string', 'text'),
    p('hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date'),
    p('region', 'Region', 'enumeration', 'select', {
      hubspotDefined: false,
      options: options({ 'North America': 'NA', EMEA: 'EMEA', 'Asia Pacific': 'APAC' }),
    }),
  ]);
  properties.set('deals', [
    ...common,
    ...['dealname', 'dealstage', 'pipeline', 'hubspot_owner_id'].map((n) =>
      p(n, n, 'string', 'text'),
    ),
    p('amount', 'Amount', 'number', 'number'),
    p('closedate', 'Close Date', 'datetime', 'date'),
    p('hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date'),
  ]);
  properties.set('tickets', [
    ...common,
    p('hs_ticket_priority', 'Priority', 'enumeration', 'select', {
      options: options({ Low: 'LOW', Medium: 'MEDIUM', High: 'HIGH', Urgent: 'URGENT' }),
    }),
    p('hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date'),
  ]);
  properties.set('contacts', [
    ...common,
    p('jobtitle', 'Job Title', 'string', 'text'),
    p('associatedcompanyid', 'Primary Associated Company ID', 'number', 'number'),
    p('hs_buying_role', 'Buying Role', 'enumeration', 'checkbox', {
      options: options({
        'Decision maker': 'DECISION_MAKER',
        Champion: 'CHAMPION',
        'End user': 'END_USER',
        Influencer: 'INFLUENCER',
      }),
    }),
    p('lastmodifieddate', 'Last Modified Date', 'datetime', 'date'),
  ]);
  return properties;
}
