import type { CanonicalFile, FileColumn } from './canonical-files.js';
import { toDate, toNumber, toText, toTimestamp } from './crm-values.js';
import type { HubSpotAssociation, HubSpotRecord } from './hubspot-api.js';
import { crmFiles } from './crm-files.js';
import { icpSnapshotRow } from './icp-snapshot.js';

/** What the pull reads of each HubSpot object, and the property that dates its last change. */
export const HUBSPOT_OBJECTS = {
  companies: {
    table: 'accounts',
    modified: 'hs_lastmodifieddate',
    properties: [
      'name',
      'domain',
      'industry',
      'numberofemployees',
      'annualrevenue',
      'country',
      'createdate',
    ],
  },
  deals: {
    table: 'deals',
    modified: 'hs_lastmodifieddate',
    properties: [
      'dealname',
      'amount',
      'closedate',
      'createdate',
      'dealstage',
      'pipeline',
      'hubspot_owner_id',
    ],
  },
  tickets: {
    table: 'tickets',
    modified: 'hs_lastmodifieddate',
    properties: ['createdate', 'hs_ticket_priority'],
  },
  // Contacts date their changes in lastmodifieddate (no hs_ prefix), unlike other objects.
  contacts: {
    table: 'contacts',
    modified: 'lastmodifieddate',
    properties: ['jobtitle', 'hs_buying_role', 'associatedcompanyid', 'createdate'],
  },
} as const;

export type HubSpotObjectName = keyof typeof HUBSPOT_OBJECTS;

/** The canonical files of a HubSpot pull; `extra` are the named company properties. */
export function hubspotFiles(extra: readonly FileColumn[]): CanonicalFile[] {
  return crmFiles({
    extra,
    dealText: ['stage_label', 'pipeline'],
    contactText: ['title', 'role'],
    dealContacts: 'by deal',
  });
}

/** What row conversion needs besides the records: labels, stages, extra columns. */
export interface HubSpotContext {
  /** An enumeration value shown by its label (multi-select values joined by "; "). */
  label(object: HubSpotObjectName, property: string, value: string | null): string | null;
  stage(pipeline: string | null, stage: string | null): StageDefinition | undefined;
  readonly extra: readonly FileColumn[];
}

export interface StageDefinition {
  readonly stage: 'won' | 'lost' | 'open';
  readonly label: string;
  readonly pipeline: string;
}

const where = (object: string, r: HubSpotRecord) => (p: string) => () =>
  `HubSpot ${object} ${r.id}, property ${p}`;

const modified = (object: HubSpotObjectName, r: HubSpotRecord) =>
  toTimestamp(
    r.properties[HUBSPOT_OBJECTS[object].modified] ?? r.updatedAt,
    where(object, r)(HUBSPOT_OBJECTS[object].modified),
  );

/** Companies as accounts, with their extra properties, and the ICP values they hold. */
export function companyRows(records: readonly HubSpotRecord[], cx: HubSpotContext) {
  return {
    accounts: records.map((r) => {
      const p = r.properties;
      const at = where('companies', r);
      return {
        account_id: r.id,
        name: toText(p.name),
        domain: toText(p.domain),
        industry: cx.label('companies', 'industry', toText(p.industry)),
        employees: toNumber(p.numberofemployees, at('numberofemployees'), true),
        annual_revenue: toNumber(p.annualrevenue, at('annualrevenue')),
        country: toText(p.country),
        created_at: toDate(p.createdate ?? r.createdAt, at('createdate')),
        ...Object.fromEntries(
          cx.extra.map((c) => [
            c.name,
            c.type === 'DOUBLE'
              ? toNumber(p[c.name], at(c.name))
              : c.type === 'DATE'
                ? toDate(p[c.name], at(c.name))
                : cx.label('companies', c.name, toText(p[c.name])),
          ]),
        ),
        modified_at: modified('companies', r),
      };
    }),
    crm_icp: records.map((r) =>
      icpSnapshotRow(
        'hubspot',
        r.id,
        (f) => r.properties[f],
        modified('companies', r),
        where('companies', r),
      ),
    ),
  };
}

/** Deals with their stage resolved to won / lost / open, and the contacts who took part. */
export function dealRows(
  records: readonly HubSpotRecord[],
  companies: ReadonlyMap<string, readonly HubSpotAssociation[]>,
  contacts: ReadonlyMap<string, readonly HubSpotAssociation[]>,
  cx: HubSpotContext,
) {
  return {
    deals: records.map((r) => {
      const p = r.properties;
      const at = where('deals', r);
      const s = cx.stage(p.pipeline ?? null, p.dealstage ?? null);
      const stage = s?.stage ?? 'open';
      return {
        deal_id: r.id,
        account_id: primary(companies.get(r.id) ?? []),
        created_at: toDate(p.createdate ?? r.createdAt, at('createdate')),
        // An open deal's closedate is the expected one, not a close.
        closed_at: stage === 'open' ? null : toDate(p.closedate, at('closedate')),
        stage,
        stage_label: s?.label ?? toText(p.dealstage),
        pipeline: s?.pipeline ?? toText(p.pipeline),
        amount: toNumber(p.amount, at('amount')),
        owner: toText(p.hubspot_owner_id),
        modified_at: modified('deals', r),
      };
    }),
    deal_contacts: records.flatMap((r) =>
      (contacts.get(r.id) ?? []).map((c) => ({
        deal_id: r.id,
        contact_id: c.toId,
        role: c.labels[0] ?? null,
      })),
    ),
  };
}

export function ticketRows(
  records: readonly HubSpotRecord[],
  companies: ReadonlyMap<string, readonly HubSpotAssociation[]>,
  cx: HubSpotContext,
) {
  return {
    tickets: records.map((r) => ({
      ticket_id: r.id,
      account_id: primary(companies.get(r.id) ?? []),
      created_at: toDate(r.properties.createdate ?? r.createdAt, where('tickets', r)('createdate')),
      priority: cx.label('tickets', 'hs_ticket_priority', toText(r.properties.hs_ticket_priority)),
      modified_at: modified('tickets', r),
    })),
  };
}

export function contactRows(records: readonly HubSpotRecord[], cx: HubSpotContext) {
  return {
    contacts: records.map((r) => ({
      contact_id: r.id,
      account_id: toText(r.properties.associatedcompanyid),
      title: toText(r.properties.jobtitle),
      role: cx.label('contacts', 'hs_buying_role', toText(r.properties.hs_buying_role)),
      modified_at: modified('contacts', r),
    })),
  };
}

/** The primary associated record (label "Primary"), else the first; null when none. */
function primary(associations: readonly HubSpotAssociation[]): string | null {
  return (associations.find((a) => a.labels.includes('Primary')) ?? associations[0])?.toId ?? null;
}
