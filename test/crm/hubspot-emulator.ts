import { BOOK_NOW, type CrmBook } from './crm-book.js';
import {
  type Assoc,
  HUBSPOT_PIPELINES,
  type HsProperty,
  type HsRecord,
  hubspotAssociations,
  hubspotProperties,
  hubspotRecords,
  iso,
} from './hubspot-fixture.js';
import { type EmuRequest, type EmuResponse, EmulatorServer } from './emulator-server.js';
import {
  hubspotAuthError,
  hubspotError,
  hubspotFault,
  propertiesRoute,
} from './hubspot-responses.js';
import {
  type AssociationBody,
  associationsRead,
  type BatchBody,
  batchUpdated,
  invalidBatch,
} from './hubspot-batch.js';

/**
 * A local emulation of the HubSpot CRM API endpoints the connector uses, with request and
 * response bodies as HubSpot's API reference (developers.hubspot.com/docs/api-reference,
 * "legacy" v3 objects, search, properties, pipelines; v4 associations) shows them:
 *
 * - GET  /crm/v3/objects/{type}?limit&after&properties   list, paged by `after` (next id)
 * - POST /crm/v3/objects/{type}/search                    filterGroups / sorts / after; at most
 *   10,000 results per query (paging past it is a 400, as in HubSpot)
 * - POST /crm/v3/objects/{type}/batch/update              at most 100 inputs; 200, or 207 with
 *   `errors[].context.ids` for records it cannot update; 400 for an unknown property
 * - POST /crm/v4/associations/{from}/{to}/batch/read      `to[].toObjectId`, `associationTypes`
 *   (label "Primary" on the primary company); records without any are reported as errors
 * - GET  /crm/v3/pipelines/deals                          stages with metadata.isClosed / probability
 * - GET  /crm/v3/properties/{type}[/{name}], POST properties and groups (409 when they exist;
 *   403 MISSING_SCOPES when schema writes are not granted)
 *
 * Headers: Authorization Bearer (401 INVALID_AUTHENTICATION / EXPIRED_AUTHENTICATION bodies as
 * HubSpot sends them), X-HubSpot-RateLimit-Daily / -Daily-Remaining on every answer, 429 with
 * policyName TEN_SECONDLY_ROLLING (and an optional Retry-After) or DAILY.
 */

export const HUBSPOT_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';

export class HubSpotEmulator {
  readonly server: EmulatorServer;
  token = HUBSPOT_TOKEN;
  /** The token HubSpot now reports as expired (401 EXPIRED_AUTHENTICATION). */
  expired: string | undefined;
  dailyLimit = 500_000;
  dailyUsed = 0;
  searchCap = 10_000;
  associationPage = 500;
  /** Whether the token may create properties (crm.schemas.companies.write). */
  schemaWrites = true;
  /** Updates received per company id (batch update), to prove nothing is written twice. */
  readonly updates = new Map<string, number>();
  readonly records: Map<string, HsRecord[]>;
  readonly properties: Map<string, HsProperty[]>;
  readonly groups = new Set<string>(['companyinformation']);
  private readonly assoc: Map<string, Map<number, Assoc[]>>;
  private readonly byId = new Map<string, Map<number, HsRecord>>();
  private readonly byModified = new Map<string, HsRecord[]>();
  private clock = Date.now();

  constructor(book: CrmBook) {
    this.server = new EmulatorServer(
      (r) => this.route(r),
      (status) => hubspotFault(status),
      () => this.limitHeaders(),
    );
    this.records = hubspotRecords(book);
    this.assoc = hubspotAssociations(book);
    this.properties = hubspotProperties();
    this.clock = Math.max(this.clock, BOOK_NOW);
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** A company record by id. */
  company(id: string): HsRecord {
    const r = this.find('companies', id);
    if (!r) throw new Error(`no company ${id}`);
    return r;
  }

  private find(type: string, id: string): HsRecord | undefined {
    let index = this.byId.get(type);
    if (!index) {
      index = new Map(this.records.get(type)?.map((r) => [r.id, r]));
      this.byId.set(type, index);
    }
    return index.get(Number(id));
  }

  /** Changes properties of a record now, as a user in HubSpot would. */
  edit(type: string, id: string, props: Record<string, string | null>): void {
    const r = this.find(type, id)!;
    Object.assign(r.props, props);
    this.touched(type, r);
  }

  /** Archives (deletes) a record: the API no longer lists or updates it. */
  archive(type: string, id: string): void {
    const r = this.find(type, id)!;
    r.archived = true;
    this.touched(type, r);
  }

  private touched(type: string, r: HsRecord): void {
    // Strictly increasing, so every change is later than the one before.
    this.clock = Math.max(this.clock + 1, Date.now());
    r.modifiedAt = this.clock;
    r.props[type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate'] = iso(this.clock);
    this.byModified.delete(type);
  }

  private limitHeaders(): Record<string, string> {
    return {
      'x-hubspot-ratelimit-daily': String(this.dailyLimit),
      'x-hubspot-ratelimit-daily-remaining': String(Math.max(0, this.dailyLimit - this.dailyUsed)),
      'x-hubspot-ratelimit-interval-milliseconds': '10000',
      'x-hubspot-ratelimit-max': '190',
      'x-hubspot-ratelimit-remaining': '189',
    };
  }

  private route(r: EmuRequest): EmuResponse {
    const refused = hubspotAuthError(r.headers.authorization, this.token, this.expired);
    if (refused) return refused;
    if (this.dailyUsed >= this.dailyLimit) return hubspotFault(429, 'DAILY');
    this.dailyUsed++;
    const { method, path } = r;
    const routes: [string, RegExp, (m: string[]) => EmuResponse][] = [
      ['GET', /^\/crm\/v3\/objects\/(\w+)$/, (m) => this.list(m[1]!, r.query)],
      [
        'POST',
        /^\/crm\/v3\/objects\/(\w+)\/search$/,
        (m) => this.search(m[1]!, r.body as SearchBody),
      ],
      [
        'POST',
        /^\/crm\/v3\/objects\/(\w+)\/batch\/update$/,
        (m) => this.batchUpdate(m[1]!, r.body as BatchBody),
      ],
      [
        'POST',
        /^\/crm\/v4\/associations\/(\w+)\/(\w+)\/batch\/read$/,
        (m) =>
          associationsRead(
            this.assoc.get(`${m[1]}/${m[2]}`) ?? new Map<number, Assoc[]>(),
            this.associationPage,
            m[1]!,
            m[2]!,
            r.body as AssociationBody,
          ),
      ],
      [
        'GET',
        /^\/crm\/v3\/pipelines\/deals$/,
        () => ({ status: 200, body: { results: HUBSPOT_PIPELINES } }),
      ],
      [
        '*',
        /^\/crm\/v3\/properties\/(\w+)(?:\/groups)?(?:\/(\w+))?$/,
        (m) => propertiesRoute(this, method, path, m[1]!, m[2], r.body as HsProperty),
      ],
    ];
    for (const [verb, pattern, handle] of routes) {
      const m = pattern.exec(path);
      if (m && (verb === '*' || verb === method)) return handle(m);
    }
    return hubspotError(404, 'OBJECT_NOT_FOUND', `Unknown endpoint ${method} ${path}`);
  }

  private live(type: string): HsRecord[] | undefined {
    return this.records.get(type)?.filter((r) => !r.archived);
  }

  private out(type: string, r: HsRecord, properties: readonly string[]) {
    return {
      id: String(r.id),
      properties: Object.fromEntries(
        [
          ...new Set([
            ...properties,
            'createdate',
            type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate',
            'hs_object_id',
          ]),
        ].map((p) => [p, r.props[p] ?? null]),
      ),
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.modifiedAt),
      archived: false,
    };
  }

  private list(type: string, q: URLSearchParams): EmuResponse {
    const all = this.records.get(type);
    if (!all)
      return hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to infer object type from: ${type}`);
    const limit = Math.min(Number(q.get('limit') ?? 10), 100);
    const after = Number(q.get('after') ?? 0);
    // Records are kept in id order: find the first at or after the cursor.
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid]!.id < after) lo = mid + 1;
      else hi = mid;
    }
    const page: HsRecord[] = [];
    let i = lo;
    for (; i < all.length && page.length < limit; i++) if (!all[i]!.archived) page.push(all[i]!);
    while (i < all.length && all[i]!.archived) i++;
    const properties = (q.get('properties') ?? '').split(',').filter(Boolean);
    return {
      status: 200,
      body: {
        results: page.map((r) => this.out(type, r, properties)),
        ...(i < all.length
          ? { paging: { next: { after: String(all[i]!.id), link: `?after=${all[i]!.id}` } } }
          : {}),
      },
    };
  }

  private sortedByModified(type: string): HsRecord[] {
    let s = this.byModified.get(type);
    if (!s) {
      s = this.live(type)!.sort((a, b) => a.modifiedAt - b.modifiedAt || a.id - b.id);
      this.byModified.set(type, s);
    }
    return s;
  }

  private search(type: string, body: SearchBody): EmuResponse {
    if (!this.records.has(type))
      return hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to infer object type from: ${type}`);
    const after = Number(body.after ?? 0);
    if (after >= this.searchCap)
      return hubspotError(
        400,
        'VALIDATION_ERROR',
        `There was a problem with the request: paging beyond ${this.searchCap} results is not supported.`,
      );
    const limit = Math.min(body.limit ?? 10, 200);
    const sorted = this.sortedByModified(type);
    let matches: HsRecord[] = sorted;
    for (const g of body.filterGroups ?? [])
      for (const f of g.filters) {
        if (
          !['hs_lastmodifieddate', 'lastmodifieddate'].includes(f.propertyName) ||
          f.operator !== 'GTE'
        )
          return hubspotError(
            400,
            'VALIDATION_ERROR',
            `The emulation only filters on the last-modified date with GTE, not ${f.propertyName} ${f.operator}`,
          );
        const since = Number(f.value);
        let lo = 0;
        let hi = matches.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (matches[mid]!.modifiedAt < since) lo = mid + 1;
          else hi = mid;
        }
        matches = matches.slice(lo);
      }
    const page = matches.slice(after, after + limit);
    const next = after + limit;
    return {
      status: 200,
      body: {
        total: matches.length,
        results: page.map((r) => this.out(type, r, body.properties ?? [])),
        ...(next < matches.length ? { paging: { next: { after: String(next), link: null } } } : {}),
      },
    };
  }

  private batchUpdate(type: string, body: BatchBody): EmuResponse {
    const invalid = invalidBatch(this.properties.get(type) ?? [], body);
    if (invalid) return invalid;
    const results = [];
    const missing: string[] = [];
    for (const input of body.inputs) {
      const r = this.find(type, input.id);
      if (!r || r.archived) {
        missing.push(input.id);
        continue;
      }
      Object.assign(r.props, input.properties);
      this.touched(type, r);
      this.updates.set(input.id, (this.updates.get(input.id) ?? 0) + 1);
      results.push(this.out(type, r, Object.keys(input.properties)));
    }
    return batchUpdated(results, missing);
  }
}

interface SearchBody {
  filterGroups?: { filters: { propertyName: string; operator: string; value: string }[] }[];
  sorts?: { propertyName: string; direction: string }[];
  properties?: string[];
  limit?: number;
  after?: string;
}
