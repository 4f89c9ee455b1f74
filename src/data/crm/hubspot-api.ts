import { IcpError } from '../../core/errors/icp-error.js';
import type { CredentialSource } from './credentials.js';
import {
  CrmApiError,
  CrmHttp,
  type CrmSession,
  type HttpOptions,
  type VendorRules,
} from './crm-http.js';

/**
 * The HubSpot CRM endpoints the connector uses (CRM v3 objects, search, properties and
 * pipelines; v4 associations), typed as HubSpot's API reference shows them.
 */

export const HUBSPOT_BASE_URL = 'https://api.hubapi.com';

export interface HubSpotRecord {
  readonly id: string;
  /** Every property value comes back as a string (numbers and dates too), or null. */
  readonly properties: Readonly<Record<string, string | null>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly archived?: boolean;
}

export interface HubSpotPage {
  readonly results: readonly HubSpotRecord[];
  readonly paging?: { readonly next?: { readonly after: string } };
  /** Search answers only: how many records match. */
  readonly total?: number;
}

export interface HubSpotProperty {
  readonly name: string;
  readonly label: string;
  /** string, number, date, datetime, enumeration, bool, ... */
  readonly type: string;
  readonly fieldType: string;
  readonly groupName: string;
  /** Enumerations: each option's internal value and the label people see. */
  readonly options?: readonly { readonly label: string; readonly value: string }[];
}

export interface HubSpotStage {
  readonly id: string;
  readonly label: string;
  readonly displayOrder: number;
  readonly metadata: { readonly isClosed?: string; readonly probability?: string };
}

export interface HubSpotPipeline {
  readonly id: string;
  readonly label: string;
  readonly stages: readonly HubSpotStage[];
}

/** One association of a record: the other record and the association's labels. */
export interface HubSpotAssociation {
  readonly toId: string;
  readonly labels: readonly string[];
}

/** HubSpot's search caps paging at 10,000 results per query. */
export const SEARCH_RESULT_CAP = 10_000;

/** A private app token from HUBSPOT_TOKEN (never renewed: it does not expire on its own). */
export function hubspotSession(creds: CredentialSource): CrmSession {
  const token = creds.get('HUBSPOT_TOKEN');
  if (!token)
    throw new IcpError(
      'CONFIG',
      `HubSpot needs a private app access token: set HUBSPOT_TOKEN ${creds.where}. Create one in HubSpot under Settings > Integrations > Private Apps with the scopes docs/crm.md lists.`,
    );
  const base = creds.get('HUBSPOT_BASE_URL') ?? HUBSPOT_BASE_URL;
  return {
    vendor: 'hubspot',
    baseUrl: () => base,
    authorization: async () => `Bearer ${token}`,
    renew: async () => false,
    refused: (detail) =>
      new IcpError(
        'CONFIG',
        `HubSpot refused the token in HUBSPOT_TOKEN (from ${creds.origin('HUBSPOT_TOKEN')}): ${detail}. Set HUBSPOT_TOKEN to a valid private app access token (Settings > Integrations > Private Apps > your app > Access token) ${creds.where}.`,
      ),
    secrets: () => [token],
  };
}

const header = (h: Headers, name: string) => {
  const v = h.get(name);
  return v === null || v === '' ? Number.NaN : Number(v);
};

export const HUBSPOT_RULES: VendorRules = {
  describe(body) {
    const b = (body ?? {}) as { category?: string; errorType?: string; message?: string };
    return {
      code: b.category ?? b.errorType ?? 'ERROR',
      message: b.message ?? (typeof body === 'string' ? body.slice(0, 300) : 'no message'),
    };
  },
  // A 429 whose policy is DAILY will not clear before tomorrow; the ten-secondly one will.
  dailyLimit: (status, body) =>
    status === 429 && (body as { policyName?: string } | null)?.policyName === 'DAILY',
  usage(h) {
    const limit = header(h, 'x-hubspot-ratelimit-daily');
    const left = header(h, 'x-hubspot-ratelimit-daily-remaining');
    return Number.isFinite(limit) && Number.isFinite(left)
      ? { used: limit - left, limit }
      : undefined;
  },
};

export class HubSpotApi {
  readonly http: CrmHttp;

  constructor(session: CrmSession, options: HttpOptions = {}) {
    this.http = new CrmHttp(session, HUBSPOT_RULES, options);
  }

  /** One page of a full listing, in id order: GET /crm/v3/objects/{type}. */
  async list(type: string, properties: readonly string[], after?: string): Promise<HubSpotPage> {
    const query: Record<string, string> = {
      limit: '100',
      properties: properties.join(','),
      archived: 'false',
    };
    if (after !== undefined) query.after = after;
    return (await this.http.request<HubSpotPage>('GET', `/crm/v3/objects/${type}`, { query })).body;
  }

  /**
   * One page of the records modified at or after `since` (epoch ms), oldest change first:
   * POST /crm/v3/objects/{type}/search with a GTE filter on the last-modified property.
   */
  async modifiedSince(
    type: string,
    modifiedProperty: string,
    since: number,
    properties: readonly string[],
    after?: string,
  ): Promise<HubSpotPage> {
    const json = {
      filterGroups: [
        { filters: [{ propertyName: modifiedProperty, operator: 'GTE', value: String(since) }] },
      ],
      sorts: [{ propertyName: modifiedProperty, direction: 'ASCENDING' }],
      properties,
      limit: 200,
      ...(after === undefined ? {} : { after }),
    };
    return (
      await this.http.request<HubSpotPage>('POST', `/crm/v3/objects/${type}/search`, { json })
    ).body;
  }

  /** How many records of a type exist (a search without filters, one result). */
  async count(type: string): Promise<number> {
    const page = await this.http.request<HubSpotPage>('POST', `/crm/v3/objects/${type}/search`, {
      json: { filterGroups: [], properties: ['hs_object_id'], limit: 1 },
    });
    return page.body.total ?? 0;
  }

  /**
   * The associations of each record in `ids` to records of `to`: POST
   * /crm/v4/associations/{from}/{to}/batch/read, following each record's own paging.
   * Records without any come back with none (HubSpot reports them as errors).
   */
  async associations(
    from: string,
    to: string,
    ids: readonly string[],
  ): Promise<Map<string, HubSpotAssociation[]>> {
    const out = new Map<string, HubSpotAssociation[]>(ids.map((id) => [id, []]));
    let inputs: { id: string; after?: string }[] = ids.map((id) => ({ id }));
    while (inputs.length > 0) {
      const next: { id: string; after: string }[] = [];
      for (let i = 0; i < inputs.length; i += 1000) {
        const res = await this.http.request<AssociationBatch>(
          'POST',
          `/crm/v4/associations/${from}/${to}/batch/read`,
          { json: { inputs: inputs.slice(i, i + 1000) } },
        );
        for (const r of res.body.results ?? []) {
          const list = out.get(String(r.from.id)) ?? [];
          for (const t of r.to)
            list.push({
              toId: String(t.toObjectId),
              labels: t.associationTypes.flatMap((a) => (a.label ? [a.label] : [])),
            });
          out.set(String(r.from.id), list);
          if (r.paging?.next?.after)
            next.push({ id: String(r.from.id), after: r.paging.next.after });
        }
      }
      inputs = next;
    }
    return out;
  }

  /** The pipelines of deals or tickets, with their stages: GET /crm/v3/pipelines/{type}. */
  async pipelines(type: 'deals' | 'tickets'): Promise<HubSpotPipeline[]> {
    const res = await this.http.request<{ results: HubSpotPipeline[] }>(
      'GET',
      `/crm/v3/pipelines/${type}`,
    );
    return res.body.results;
  }

  /** Every property of a type: GET /crm/v3/properties/{type}. */
  async properties(type: string): Promise<HubSpotProperty[]> {
    const res = await this.http.request<{ results: HubSpotProperty[] }>(
      'GET',
      `/crm/v3/properties/${type}`,
    );
    return res.body.results;
  }

  /** Whether a property group exists: GET /crm/v3/properties/{type}/groups/{name}. */
  async hasGroup(type: string, name: string): Promise<boolean> {
    return this.exists(`/crm/v3/properties/${type}/groups/${name}`);
  }

  /** POST /crm/v3/properties/{type}/groups; an existing group (409) is fine. */
  async createGroup(type: string, group: { name: string; label: string }): Promise<void> {
    await this.create(`/crm/v3/properties/${type}/groups`, { ...group, displayOrder: -1 });
  }

  /** POST /crm/v3/properties/{type}; an existing property (409) is fine. */
  async createProperty(type: string, property: HubSpotProperty & { description: string }) {
    await this.create(`/crm/v3/properties/${type}`, property);
  }

  /**
   * Updates up to 100 records: POST /crm/v3/objects/{type}/batch/update. A 207 answer lists
   * the records it could not update, each with HubSpot's message; a 400 refuses the batch.
   */
  async batchUpdate(
    type: string,
    inputs: readonly { id: string; properties: Record<string, string> }[],
  ): Promise<{ updated: string[]; failed: { id: string; message: string }[] }> {
    let body: BatchUpdateAnswer;
    try {
      body = (
        await this.http.request<BatchUpdateAnswer>('POST', `/crm/v3/objects/${type}/batch/update`, {
          json: { inputs },
        })
      ).body;
    } catch (error) {
      if (!(error instanceof CrmApiError)) throw error;
      // The whole batch was refused: every record in it failed, for the same reason.
      const message = `${error.apiCode}: ${error.apiMessage}`;
      return { updated: [], failed: inputs.map((i) => ({ id: i.id, message })) };
    }
    const updated = new Set((body.results ?? []).map((r) => String(r.id)));
    const failed: { id: string; message: string }[] = [];
    for (const e of body.errors ?? []) {
      const ids = [...(e.context?.ids ?? []), ...(e.context?.id ?? [])].map(String);
      const message = this.http.clean(`${e.category ?? 'ERROR'}: ${e.message ?? 'no message'}`);
      const of = ids.length > 0 ? ids : inputs.map((i) => i.id).filter((id) => !updated.has(id));
      for (const id of of) if (!updated.has(id)) failed.push({ id, message });
    }
    const reported = new Set([...updated, ...failed.map((f) => f.id)]);
    for (const i of inputs)
      if (!reported.has(i.id))
        failed.push({ id: i.id, message: 'HubSpot did not report this record as updated' });
    return { updated: inputs.map((i) => i.id).filter((id) => updated.has(id)), failed };
  }

  private async exists(path: string): Promise<boolean> {
    try {
      await this.http.request('GET', path);
      return true;
    } catch (error) {
      if (error instanceof CrmApiError && error.status === 404) return false;
      throw error;
    }
  }

  private async create(path: string, json: unknown): Promise<void> {
    try {
      await this.http.request('POST', path, { json });
    } catch (error) {
      if (error instanceof CrmApiError && error.status === 409) return;
      throw error;
    }
  }
}

interface AssociationBatch {
  readonly results?: readonly {
    readonly from: { readonly id: string | number };
    readonly to: readonly {
      readonly toObjectId: string | number;
      readonly associationTypes: readonly { readonly label?: string | null }[];
    }[];
    readonly paging?: { readonly next?: { readonly after: string } };
  }[];
}

interface BatchUpdateAnswer {
  readonly results?: readonly { readonly id: string | number }[];
  readonly errors?: readonly {
    readonly category?: string;
    readonly message?: string;
    readonly context?: { readonly ids?: readonly string[]; readonly id?: readonly string[] };
  }[];
}
