import type { CrmHttp } from './crm-http.js';
import { type CrmVendor, ICP_FIELDS } from './crm-vendor.js';
import { HubSpotApi } from './hubspot-api.js';
import { icpSnapshotRow } from './icp-snapshot.js';
import type { SalesforceApi } from './salesforce-api.js';

/** One record's new ICP values, as `icp push` writes them. */
export interface PushRow {
  readonly id: string;
  /** Rounded to one decimal. */
  readonly score: number;
  readonly tier: string;
  readonly reasons: string;
  readonly icpId: string;
}

export interface UpdateResult {
  readonly updated: readonly string[];
  readonly failed: readonly { readonly id: string; readonly message: string }[];
}

/** Where `icp push` writes: the companies / accounts of one CRM, through its batch endpoint. */
export interface PushTarget {
  readonly vendor: CrmVendor;
  readonly http: CrmHttp;
  /** Records per update request (HubSpot 100, Salesforce 200). */
  readonly batchSize: number;
  /** The ICP fields the object does not have yet (by the vendor's names). */
  missingFields(): Promise<string[]>;
  /** Creates them (HubSpot: in the property group "ICP Engine", created too). */
  createFields(missing: readonly string[]): Promise<void>;
  /** Every record's current ICP values, a page at a time, as crm_icp rows. */
  currentValues(): AsyncGenerator<Record<string, unknown>[]>;
  update(rows: readonly PushRow[]): Promise<UpdateResult>;
}

const HS = ICP_FIELDS.hubspot;
const HUBSPOT_GROUP = { name: 'icp_engine', label: 'ICP Engine' };
const HUBSPOT_PROPERTIES = [
  {
    name: HS.score,
    label: 'ICP score',
    type: 'number',
    fieldType: 'number',
    description: 'Fit with the Ideal Customer Profile, 0 to 100 (ICP Engine).',
  },
  {
    name: HS.tier,
    label: 'ICP tier',
    type: 'string',
    fieldType: 'text',
    description: 'ICP tier, A (best) to D, or unknown when too little is known (ICP Engine).',
  },
  {
    name: HS.reasons,
    label: 'ICP reasons',
    type: 'string',
    fieldType: 'textarea',
    description: 'Why the company scored as it did: points per attribute (ICP Engine).',
  },
  {
    name: HS.icpId,
    label: 'ICP id',
    type: 'string',
    fieldType: 'text',
    description: 'The id of the ICP version that scored the company (ICP Engine).',
  },
];

/** HubSpot companies: properties in the group "ICP Engine", batch updates of 100. */
export function hubspotTarget(api: HubSpotApi): PushTarget {
  return {
    vendor: 'hubspot',
    http: api.http,
    batchSize: 100,
    async missingFields() {
      const names = new Set((await api.properties('companies')).map((p) => p.name));
      return Object.values(HS).filter((n) => !names.has(n));
    },
    async createFields(missing) {
      if (!(await api.hasGroup('companies', HUBSPOT_GROUP.name)))
        await api.createGroup('companies', HUBSPOT_GROUP);
      for (const p of HUBSPOT_PROPERTIES)
        if (missing.includes(p.name))
          await api.createProperty('companies', { ...p, groupName: HUBSPOT_GROUP.name });
    },
    async *currentValues() {
      let after: string | undefined;
      do {
        const page = await api.list('companies', Object.values(HS), after);
        yield page.results.map((r) =>
          icpSnapshotRow(
            'hubspot',
            r.id,
            (f) => r.properties[f],
            null,
            (f) => () => `HubSpot company ${r.id}, property ${f}`,
          ),
        );
        after = page.paging?.next?.after;
      } while (after !== undefined);
    },
    update: (rows) =>
      api.batchUpdate(
        'companies',
        rows.map((r) => ({
          id: r.id,
          properties: {
            [HS.score]: String(r.score),
            [HS.tier]: r.tier,
            [HS.reasons]: r.reasons,
            [HS.icpId]: r.icpId,
          },
        })),
      ),
  };
}

const SF = ICP_FIELDS.salesforce;
/** Custom fields as the Tooling API creates them (Metadata of CustomField). */
const SALESFORCE_FIELDS: Record<string, Record<string, unknown>> = {
  [SF.score]: {
    label: 'ICP Score',
    type: 'Number',
    precision: 5,
    scale: 1,
    description: 'Fit with the Ideal Customer Profile, 0 to 100 (ICP Engine).',
  },
  [SF.tier]: {
    label: 'ICP Tier',
    type: 'Text',
    length: 10,
    description: 'ICP tier, A (best) to D, or unknown when too little is known (ICP Engine).',
  },
  [SF.reasons]: {
    label: 'ICP Reasons',
    type: 'LongTextArea',
    length: 32768,
    visibleLines: 5,
    description: 'Why the account scored as it did (ICP Engine).',
  },
  [SF.icpId]: {
    label: 'ICP Id',
    type: 'Text',
    length: 64,
    description: 'The id of the ICP version that scored the account (ICP Engine).',
  },
};

/** Salesforce Account: custom fields through the Tooling API, sObject Collections of 200. */
export function salesforceTarget(api: SalesforceApi): PushTarget {
  return {
    vendor: 'salesforce',
    http: api.http,
    batchSize: 200,
    async missingFields() {
      const names = new Set((await api.describe('Account')).map((f) => f.name));
      return Object.values(SF).filter((n) => !names.has(n));
    },
    async createFields(missing) {
      for (const name of missing)
        await api.createField(`Account.${name}`, SALESFORCE_FIELDS[name]!);
    },
    async *currentValues() {
      let page = await api.query(
        `SELECT Id, ${Object.values(SF).join(', ')} FROM Account ORDER BY Id`,
      );
      for (;;) {
        yield page.records.map((r) =>
          icpSnapshotRow(
            'salesforce',
            String(r.Id),
            (f) => r[f],
            null,
            (f) => () => `Salesforce Account ${String(r.Id)}, field ${f}`,
          ),
        );
        if (page.done || !page.nextRecordsUrl) return;
        page = await api.queryMore(page.nextRecordsUrl);
      }
    },
    update: (rows) =>
      api.updateRecords(
        'Account',
        rows.map((r) => ({
          id: r.id,
          fields: {
            [SF.score]: r.score,
            [SF.tier]: r.tier,
            [SF.reasons]: r.reasons,
            [SF.icpId]: r.icpId,
          },
        })),
      ),
  };
}

/** The push target of a connection's API. */
export function pushTarget(api: HubSpotApi | SalesforceApi): PushTarget {
  return api instanceof HubSpotApi ? hubspotTarget(api) : salesforceTarget(api);
}
