import { BOOK_NOW, type CrmBook } from './crm-book.js';
import { type EmuRequest, type EmuResponse, EmulatorServer } from './emulator-server.js';

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

interface HsRecord {
  readonly id: number;
  readonly props: Record<string, string | null>;
  readonly createdAt: number;
  modifiedAt: number;
  archived: boolean;
}

interface HsProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string;
  hubspotDefined?: boolean;
  options?: { label: string; value: string; displayOrder: number; hidden: boolean }[];
}

type Assoc = { toId: number; types: { category: string; typeId: number; label: string | null }[] };

export const HUBSPOT_TOKEN = 'pat-na1-11111111-2222-3333-4444-555555555555';
const ID_BASE = {
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
const iso = (ms: number) => new Date(ms).toISOString();

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
  readonly records = new Map<string, HsRecord[]>();
  readonly properties = new Map<string, HsProperty[]>();
  readonly groups = new Set<string>(['companyinformation']);
  private readonly assoc = new Map<string, Map<number, Assoc[]>>();
  private readonly byId = new Map<string, Map<number, HsRecord>>();
  private readonly byModified = new Map<string, HsRecord[]>();
  private clock = Date.now();

  constructor(book: CrmBook) {
    this.server = new EmulatorServer(
      (r) => this.route(r),
      (status) => this.fault(status),
      () => this.limitHeaders(),
    );
    this.load(book);
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

  private load(book: CrmBook): void {
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
    this.records.set(
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
    this.records.set(
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
    this.records.set(
      'contacts',
      book.contacts.map((c) =>
        rec('contacts', c.key, c.modifiedAt - 86_400_000, c.modifiedAt, {
          jobtitle: c.title,
          hs_buying_role: ROLE_VALUES[c.role]!,
          associatedcompanyid: String(ID_BASE.companies + c.companyKey),
        }),
      ),
    );
    this.records.set(
      'tickets',
      book.tickets.map((t) =>
        rec('tickets', t.key, t.createdAt, t.modifiedAt, { hs_ticket_priority: t.priority }),
      ),
    );
    const link = (from: string, to: string, fromId: number, a: Assoc) => {
      const key = `${from}/${to}`;
      if (!this.assoc.has(key)) this.assoc.set(key, new Map());
      const m = this.assoc.get(key)!;
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
    this.properties.set('companies', [
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
    this.properties.set('deals', [
      ...common,
      ...['dealname', 'dealstage', 'pipeline', 'hubspot_owner_id'].map((n) =>
        p(n, n, 'string', 'text'),
      ),
      p('amount', 'Amount', 'number', 'number'),
      p('closedate', 'Close Date', 'datetime', 'date'),
      p('hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date'),
    ]);
    this.properties.set('tickets', [
      ...common,
      p('hs_ticket_priority', 'Priority', 'enumeration', 'select', {
        options: options({ Low: 'LOW', Medium: 'MEDIUM', High: 'HIGH', Urgent: 'URGENT' }),
      }),
      p('hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date'),
    ]);
    this.properties.set('contacts', [
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
    this.clock = Math.max(this.clock, BOOK_NOW);
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

  private fault(status: number): EmuResponse {
    if (status === 429)
      return {
        status,
        body: {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: 'c0ffee00-0000-4000-8000-000000000429',
          policyName: 'TEN_SECONDLY_ROLLING',
          groupName: 'publicapi:private-app:ten-secondly:1',
        },
      };
    if (status === 502)
      return { status, text: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
    return {
      status,
      body: {
        status: 'error',
        message: 'internal error',
        correlationId: 'c0ffee00-0000-4000-8000-000000000500',
        category: 'INTERNAL_ERROR',
      },
    };
  }

  private error(
    status: number,
    category: string,
    message: string,
    extra: object = {},
  ): EmuResponse {
    return {
      status,
      body: {
        status: 'error',
        message,
        correlationId: 'c0ffee00-0000-4000-8000-000000000001',
        category,
        ...extra,
      },
    };
  }

  private route(r: EmuRequest): EmuResponse {
    const auth = r.headers.authorization;
    if (!auth?.startsWith('Bearer '))
      return this.error(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
    const token = auth.slice('Bearer '.length);
    if (token === this.expired)
      return this.error(
        401,
        'EXPIRED_AUTHENTICATION',
        'The OAuth token used to make this call expired 0 hour(s) ago.',
      );
    if (token !== this.token)
      return this.error(
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
    if (this.dailyUsed >= this.dailyLimit)
      return {
        status: 429,
        body: {
          status: 'error',
          message: 'You have reached your daily limit.',
          errorType: 'RATE_LIMIT',
          correlationId: 'c0ffee00-0000-4000-8000-000000000d41',
          policyName: 'DAILY',
          groupName: 'publicapi:private-app:daily:1',
        },
      };
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
        (m) => this.associations(m[1]!, m[2]!, r.body as AssociationBody),
      ],
      [
        'GET',
        /^\/crm\/v3\/pipelines\/deals$/,
        () => ({ status: 200, body: { results: HUBSPOT_PIPELINES } }),
      ],
      [
        '*',
        /^\/crm\/v3\/properties\/(\w+)(?:\/groups)?(?:\/(\w+))?$/,
        (m) => this.propertiesRoute(method, path, m[1]!, m[2], r.body as HsProperty),
      ],
    ];
    for (const [verb, pattern, handle] of routes) {
      const m = pattern.exec(path);
      if (m && (verb === '*' || verb === method)) return handle(m);
    }
    return this.error(404, 'OBJECT_NOT_FOUND', `Unknown endpoint ${method} ${path}`);
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
      return this.error(404, 'OBJECT_NOT_FOUND', `Unable to infer object type from: ${type}`);
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
      return this.error(404, 'OBJECT_NOT_FOUND', `Unable to infer object type from: ${type}`);
    const after = Number(body.after ?? 0);
    if (after >= this.searchCap)
      return this.error(
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
          return this.error(
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

  private associations(
    from: string,
    to: string,
    body: { inputs: { id: string; after?: string }[] },
  ): EmuResponse {
    const map = this.assoc.get(`${from}/${to}`) ?? new Map<number, Assoc[]>();
    const results = [];
    const errors = [];
    for (const input of body.inputs) {
      const list = map.get(Number(input.id)) ?? [];
      if (list.length === 0) {
        errors.push({
          status: 'error',
          category: 'OBJECT_NOT_FOUND',
          subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
          message: `No ${to} is associated with ${from.replace(/s$/, '')} ${input.id}.`,
          context: { fromObjectId: [input.id] },
        });
        continue;
      }
      const start = Number(input.after ?? 0);
      const slice = list.slice(start, start + this.associationPage);
      results.push({
        from: { id: input.id },
        to: slice.map((a) => ({ toObjectId: a.toId, associationTypes: a.types })),
        ...(start + this.associationPage < list.length
          ? { paging: { next: { after: String(start + this.associationPage), link: null } } }
          : {}),
      });
    }
    const t = iso(Date.now());
    return {
      status: errors.length > 0 ? 207 : 200,
      body: {
        status: 'COMPLETE',
        results,
        ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
        startedAt: t,
        completedAt: t,
      },
    };
  }

  private batchUpdate(type: string, body: BatchBody): EmuResponse {
    if (body.inputs.length > 100)
      return this.error(400, 'VALIDATION_ERROR', 'Batch input cannot exceed 100 items.');
    const known = new Map((this.properties.get(type) ?? []).map((p) => [p.name, p]));
    const invalid = [];
    for (const input of body.inputs)
      for (const [name, value] of Object.entries(input.properties)) {
        const p = known.get(name);
        if (!p)
          invalid.push({
            isValid: false,
            message: `Property "${name}" does not exist`,
            error: 'PROPERTY_DOESNT_EXIST',
            name,
          });
        else if (p.type === 'number' && value !== '' && !Number.isFinite(Number(value)))
          invalid.push({
            isValid: false,
            message: `${value} was not a valid number.`,
            error: 'INVALID_FLOAT',
            name,
          });
      }
    if (invalid.length > 0)
      return this.error(
        400,
        'VALIDATION_ERROR',
        `Property values were not valid: ${JSON.stringify(invalid.slice(0, 1))}`,
      );
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
    const t = iso(Date.now());
    return {
      status: missing.length > 0 ? 207 : 200,
      body: {
        status: 'COMPLETE',
        results,
        ...(missing.length > 0
          ? {
              numErrors: 1,
              errors: [
                {
                  status: 'error',
                  category: 'OBJECT_NOT_FOUND',
                  message:
                    'Could not get some COMPANY objects, they may be deleted or not exist. Check that ids are valid.',
                  context: { ids: missing },
                },
              ],
            }
          : {}),
        startedAt: t,
        completedAt: t,
      },
    };
  }

  private propertiesRoute(
    method: string,
    path: string,
    type: string,
    name: string | undefined,
    body: HsProperty,
  ): EmuResponse {
    const list = this.properties.get(type);
    if (!list)
      return this.error(404, 'OBJECT_NOT_FOUND', `Unable to infer object type from: ${type}`);
    const groups = path.includes('/groups');
    if (method === 'GET' && groups)
      return name !== undefined && this.groups.has(name)
        ? { status: 200, body: { name, label: name, displayOrder: -1, archived: false } }
        : this.error(404, 'OBJECT_NOT_FOUND', `Unable to find property group with name ${name}`);
    if (method === 'GET') {
      if (name === undefined) return { status: 200, body: { results: list } };
      const p = list.find((x) => x.name === name);
      return p
        ? { status: 200, body: p }
        : this.error(404, 'OBJECT_NOT_FOUND', `Unable to find property with name ${name}`);
    }
    if (method !== 'POST') return this.error(405, 'VALIDATION_ERROR', 'Method not allowed');
    if (!this.schemaWrites)
      return this.error(
        403,
        'MISSING_SCOPES',
        "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
        {
          errors: [
            {
              message: 'One or more of the following scopes are required.',
              context: { requiredGranularScopes: [`crm.schemas.${type}.write`] },
            },
          ],
        },
      );
    if (groups) {
      if (this.groups.has(body.name))
        return this.error(
          409,
          'OBJECT_ALREADY_EXISTS',
          `A property group named ${body.name} already exists.`,
        );
      this.groups.add(body.name);
      return { status: 201, body: { ...body, archived: false } };
    }
    if (list.some((x) => x.name === body.name))
      return this.error(
        409,
        'OBJECT_ALREADY_EXISTS',
        `Property named ${body.name} already exists.`,
      );
    if (!this.groups.has(body.groupName))
      return this.error(
        400,
        'VALIDATION_ERROR',
        `Property group ${body.groupName} does not exist.`,
      );
    list.push({ ...body, hubspotDefined: false });
    return { status: 201, body };
  }
}

type BatchBody = { inputs: { id: string; properties: Record<string, string> }[] };
type AssociationBody = { inputs: { id: string; after?: string }[] };

interface SearchBody {
  filterGroups?: { filters: { propertyName: string; operator: string; value: string }[] }[];
  sorts?: { propertyName: string; direction: string }[];
  properties?: string[];
  limit?: number;
  after?: string;
}
