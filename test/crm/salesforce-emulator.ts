import type { KeyObject } from 'node:crypto';
import type { CrmBook } from './crm-book.js';
import { type EmuRequest, type EmuResponse, EmulatorServer } from './emulator-server.js';
import {
  DATE,
  DATETIME,
  FIELD_TYPES,
  type SfRecord,
  salesforceFault,
  salesforceRecords,
  sfId,
} from './salesforce-fixture.js';
import { createField, describeObject, type FieldBody } from './salesforce-schema.js';
import { jwtGrantError } from './salesforce-jwt-grant.js';
import { soqlRows } from './soql-rows.js';

/**
 * A local emulation of the Salesforce REST API endpoints the connector uses, with bodies as
 * the REST API Developer Guide and the Tooling API guide show them:
 *
 * - POST /services/oauth2/token                     refresh_token or JWT bearer grant -> access_token,
 *   instance_url
 *   (400 {"error":"invalid_grant"} for an unknown refresh token)
 * - GET  /services/data/vXX.X/query?q=SOQL           {totalSize, done, nextRecordsUrl, records[]}
 *   in batches of 2,000 (Sforce-Query-Options: batchSize=N, 200 to 2,000)
 * - GET  /services/data/vXX.X/query/{locator}-{n}    queryMore (400 INVALID_QUERY_LOCATOR once expired)
 * - GET  /services/data/vXX.X/sobjects/Account/describe
 * - PATCH /services/data/vXX.X/composite/sobjects    at most 200 records, allOrNone false: one
 *   {id, success, errors[]} per record in request order (ENTITY_IS_DELETED for a deleted one)
 * - POST /services/data/vXX.X/tooling/sobjects/CustomField
 *
 * SOQL: the shapes the connector sends, `SELECT f, ... FROM Obj [WHERE Id > 'x' |
 * WHERE SystemModstamp >= 2026-01-01T00:00:00Z] [ORDER BY f, ...]`; anything else is a 400
 * MALFORMED_QUERY. Every answer carries Sforce-Limit-Info: api-usage=N/LIMIT; over the limit
 * a 403 REQUEST_LIMIT_EXCEEDED; a bad or expired token a 401 INVALID_SESSION_ID.
 */

export const SF_REFRESH_TOKEN =
  '5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJrzmTbJpPkvBwSOSmBQyq2qd9IxRYgJyf5hq';
export const SF_CLIENT_ID = '3MVG9test.client.id';
export { sfId };

export class SalesforceEmulator {
  readonly server: EmulatorServer;
  readonly version = '62.0';
  accessTokens = new Set<string>(['00D5g000004TEST!AQ0AQexampleaccesstoken0001']);
  refreshToken = SF_REFRESH_TOKEN;
  /** The JWT bearer flow: the certificate's key the connected app holds, its pre-authorised user. */
  jwt: { publicKey: KeyObject | undefined; username: string } = {
    publicKey: undefined,
    username: 'integration@example.com',
  };
  dailyLimit = 500_000;
  dailyUsed = 0;
  /** Whether the user may create fields (Customize Application). */
  schemaWrites = true;
  readonly updates = new Map<string, number>();
  readonly records: Map<string, SfRecord[]>;
  private readonly byId = new Map<string, SfRecord>();
  private readonly locators = new Map<
    string,
    { ids: string[]; object: string; fields: string[]; size: number }
  >();
  /** Each object's fields and their describe types; created fields are added here. */
  private readonly fields: Record<string, Record<string, string>> = structuredClone(FIELD_TYPES);
  private issued = 0;
  private clock = Date.now();
  url = '';

  constructor(book: CrmBook) {
    this.server = new EmulatorServer(
      (r) => this.route(r),
      (status) => salesforceFault(status),
      () => ({ 'sforce-limit-info': `api-usage=${this.dailyUsed}/${this.dailyLimit}` }),
    );
    this.records = salesforceRecords(book);
    for (const list of this.records.values()) for (const r of list) this.byId.set(r.Id, r);
  }

  /** The access token first issued (SF_ACCESS_TOKEN in tests). */
  get accessToken(): string {
    return [...this.accessTokens][0]!;
  }

  async start(): Promise<string> {
    this.url = await this.server.start();
    return this.url;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** Every access token issued so far stops working (a session timeout). */
  expireSessions(): void {
    this.accessTokens.clear();
  }

  /** Every open query locator stops working (they live about 15 minutes in Salesforce). */
  expireLocators(): void {
    this.locators.clear();
  }

  record(id: string): SfRecord {
    const r = this.byId.get(id);
    if (!r) throw new Error(`no record ${id}`);
    return r;
  }

  /** Changes fields of a record now, as a user in Salesforce would. */
  edit(id: string, fields: Record<string, unknown>): void {
    Object.assign(this.record(id), fields);
    this.touched(this.record(id));
  }

  /** Deletes a record (to the recycle bin): queries skip it, updates fail. */
  remove(id: string): void {
    this.record(id).IsDeleted = true;
  }

  private touched(r: SfRecord): void {
    this.clock = Math.max(this.clock + 1000, Date.now());
    r.SystemModstamp = this.clock;
  }

  private route(r: EmuRequest): EmuResponse | Promise<EmuResponse> {
    const { method, path } = r;
    if (method === 'POST' && path === '/services/oauth2/token')
      return this.token(r.body as Record<string, string>);
    const auth = r.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !this.accessTokens.has(auth.slice(7)))
      return {
        status: 401,
        body: [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }],
      };
    if (this.dailyUsed >= this.dailyLimit)
      return {
        status: 403,
        body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
      };
    this.dailyUsed++;
    const root = `/services/data/v${this.version}`;
    const routes: [string, RegExp, (m: string[]) => EmuResponse][] = [
      [
        'GET',
        /^\/query$/,
        () => this.query(r.query.get('q') ?? '', r.headers['sforce-query-options']),
      ],
      ['GET', /^\/query\/(\w+)-(\d+)$/, (m) => this.more(m[1]!, Number(m[2]))],
      ['GET', /^\/sobjects\/(\w+)\/describe$/, (m) => describeObject(this.fields, m[1]!)],
      ['PATCH', /^\/composite\/sobjects$/, () => this.update(r.body as UpdateBody)],
      [
        'POST',
        /^\/tooling\/sobjects\/CustomField$/,
        () => createField(this.fields, this.schemaWrites, r.body as FieldBody),
      ],
    ];
    const rest = path.startsWith(root) ? path.slice(root.length) : '';
    for (const [verb, pattern, handle] of routes) {
      const m = pattern.exec(rest);
      if (m && verb === method) return handle(m);
    }
    return {
      status: 404,
      body: [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }],
    };
  }

  private token(form: Record<string, string>): EmuResponse {
    const refused =
      form.grant_type === 'urn:ietf:params:oauth:grant-type:jwt-bearer'
        ? jwtGrantError(form.assertion ?? '', {
            ...this.jwt,
            clientId: SF_CLIENT_ID,
            audience: this.url,
          })
        : form.grant_type !== 'refresh_token' ||
            form.refresh_token !== this.refreshToken ||
            form.client_id !== SF_CLIENT_ID
          ? 'expired access/refresh token'
          : undefined;
    if (refused)
      return { status: 400, body: { error: 'invalid_grant', error_description: refused } };
    const token = `00D5g000004TEST!AQ0AQrefreshed${String(++this.issued).padStart(4, '0')}`;
    this.accessTokens.add(token);
    return {
      status: 200,
      body: {
        access_token: token,
        signature: 'c2lnbmF0dXJl',
        scope: 'refresh_token api',
        instance_url: this.url,
        id: `${this.url}/id/00D5g000004TEST/0055g00000ABCDE`,
        token_type: 'Bearer',
        issued_at: String(Date.now()),
      },
    };
  }

  private malformed(message: string): EmuResponse {
    return { status: 400, body: [{ message, errorCode: 'MALFORMED_QUERY' }] };
  }

  private query(soql: string, options: string | string[] | undefined): EmuResponse {
    const m = /^SELECT (.+?) FROM (\w+)(?: WHERE (.+?))?(?: ORDER BY (.+))?$/.exec(soql.trim());
    if (!m) return this.malformed(`unexpected token in: ${soql}`);
    const [, select, object, where, order] = m;
    const fields = select!.split(',').map((f) => f.trim());
    const known = this.fields[object!];
    const all = this.records.get(object!);
    if (!known || !all)
      return {
        status: 400,
        body: [
          { message: `sObject type '${object}' is not supported.`, errorCode: 'INVALID_TYPE' },
        ],
      };
    const extra = Object.keys(all[0] ?? {});
    for (const f of fields)
      if (!known[f] && !extra.includes(f))
        return {
          status: 400,
          body: [
            {
              message: `\n${soql}\n^\nERROR at Row:1:Column:8\nNo such column '${f}' on entity '${object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`,
              errorCode: 'INVALID_FIELD',
            },
          ],
        };
    const rows = soqlRows(all, where, order);
    if (typeof rows === 'string') return this.malformed(rows);
    const size = Math.min(
      2000,
      Math.max(200, Number(/batchSize=(\d+)/.exec(String(options ?? ''))?.[1] ?? 2000)),
    );
    const locator = `01gD0000000${String(this.locators.size + 1).padStart(4, '0')}`;
    this.locators.set(locator, { ids: rows.map((r) => r.Id), object: object!, fields, size });
    return this.more(locator, 0);
  }

  private more(locator: string, offset: number): EmuResponse {
    const l = this.locators.get(locator);
    if (!l)
      return {
        status: 400,
        body: [{ message: 'invalid query locator', errorCode: 'INVALID_QUERY_LOCATOR' }],
      };
    const slice = l.ids.slice(offset, offset + l.size);
    const next = offset + slice.length;
    const done = next >= l.ids.length;
    return {
      status: 200,
      body: {
        totalSize: l.ids.length,
        done,
        ...(done
          ? {}
          : { nextRecordsUrl: `/services/data/v${this.version}/query/${locator}-${next}` }),
        records: slice.map((id) => this.out(l.object, this.byId.get(id)!, l.fields)),
      },
    };
  }

  private out(object: string, r: SfRecord, fields: readonly string[]) {
    const type = this.fields[object] ?? {};
    return {
      attributes: {
        type: object,
        url: `/services/data/v${this.version}/sobjects/${object}/${r.Id}`,
      },
      ...Object.fromEntries(
        fields.map((f) => {
          const v = r[f];
          if (v === undefined || v === null) return [f, null];
          return [
            f,
            type[f] === 'datetime'
              ? DATETIME(v as number)
              : type[f] === 'date'
                ? DATE(v as number)
                : v,
          ];
        }),
      ),
    };
  }

  private update(body: { allOrNone?: boolean; records: Record<string, unknown>[] }): EmuResponse {
    if (body.records.length > 200)
      return {
        status: 400,
        body: [
          {
            message: 'Maximum number of records exceeded. The maximum is 200.',
            errorCode: 'EXCEEDED_ID_LIMIT',
          },
        ],
      };
    const answers = body.records.map((rec) => {
      const { attributes, id, ...fields } = rec as { attributes: { type: string }; id: string };
      const r = this.byId.get(id);
      if (!r || r.IsDeleted)
        return {
          success: false,
          errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
        };
      const known = this.fields[attributes.type] ?? {};
      const bad = Object.keys(fields).find((f) => !known[f]);
      if (bad)
        return {
          success: false,
          errors: [
            {
              statusCode: 'INVALID_FIELD',
              message: `No such column '${bad}' on sobject of type ${attributes.type}`,
              fields: [],
            },
          ],
        };
      Object.assign(r, fields);
      this.touched(r);
      this.updates.set(id, (this.updates.get(id) ?? 0) + 1);
      return { id, success: true, errors: [] };
    });
    return { status: 200, body: answers };
  }
}

type UpdateBody = { allOrNone?: boolean; records: Record<string, unknown>[] };
