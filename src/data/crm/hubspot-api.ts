import { CrmApiError, CrmHttp } from './crm-http.js';
import type { CrmSession } from './crm-session.js';
import { HUBSPOT_RULES } from './hubspot-session.js';
import type { HttpOptions } from './retry-policy.js';

/**
 * The HubSpot CRM endpoints the connector uses (CRM v3 objects, search, properties and
 * pipelines; v4 associations), typed as HubSpot's API reference shows them.
 */

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
