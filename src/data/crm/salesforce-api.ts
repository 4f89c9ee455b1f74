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
 * The Salesforce REST API endpoints the connector uses (query / queryMore, sObject describe,
 * sObject Collections update, the Tooling API's CustomField, the OAuth token endpoint),
 * typed as Salesforce's REST API Developer Guide shows them.
 */

export const SALESFORCE_LOGIN_URL = 'https://login.salesforce.com';
/** The REST API version used unless SF_API_VERSION says otherwise (Winter '25). */
export const SALESFORCE_API_VERSION = '62.0';

export interface SalesforceRecord {
  readonly attributes: { readonly type: string; readonly url?: string };
  readonly [field: string]: unknown;
}

export interface SalesforceQueryPage {
  readonly totalSize: number;
  readonly done: boolean;
  readonly nextRecordsUrl?: string;
  readonly records: readonly SalesforceRecord[];
}

export interface SalesforceField {
  readonly name: string;
  readonly label: string;
  /** string, double, currency, int, percent, date, datetime, boolean, picklist, textarea, ... */
  readonly type: string;
  readonly custom: boolean;
  readonly updateable: boolean;
}

export const SALESFORCE_RULES: VendorRules = {
  describe(body) {
    if (Array.isArray(body) && body.length > 0) {
      const e = body[0] as { errorCode?: string; message?: string };
      return { code: e.errorCode ?? 'ERROR', message: e.message ?? 'no message' };
    }
    const o = (body ?? {}) as { error?: string; error_description?: string };
    if (o.error) return { code: o.error, message: o.error_description ?? 'no message' };
    return { code: 'ERROR', message: typeof body === 'string' ? body.slice(0, 300) : 'no message' };
  },
  dailyLimit: (status, body) =>
    status === 403 &&
    Array.isArray(body) &&
    (body[0] as { errorCode?: string } | undefined)?.errorCode === 'REQUEST_LIMIT_EXCEEDED',
  usage(h) {
    // Sforce-Limit-Info: api-usage=18/15000
    const m = /api-usage=(\d+)\/(\d+)/.exec(h.get('sforce-limit-info') ?? '');
    return m ? { used: Number(m[1]), limit: Number(m[2]) } : undefined;
  },
};

/**
 * A session from SF_INSTANCE_URL + SF_ACCESS_TOKEN, or from the OAuth refresh-token flow
 * (SF_REFRESH_TOKEN + SF_CLIENT_ID, SF_CLIENT_SECRET when the connected app has one,
 * SF_LOGIN_URL for a sandbox), which also renews an expired access token.
 */
export function salesforceSession(creds: CredentialSource, options: HttpOptions = {}): CrmSession {
  const refresh = creds.get('SF_REFRESH_TOKEN');
  const clientId = creds.get('SF_CLIENT_ID');
  const clientSecret = creds.get('SF_CLIENT_SECRET');
  let token = creds.get('SF_ACCESS_TOKEN');
  let instance = creds.get('SF_INSTANCE_URL');
  const where = creds.where;
  if (refresh && !clientId)
    throw new IcpError(
      'CONFIG',
      `Salesforce: SF_REFRESH_TOKEN is set but SF_CLIENT_ID is not. Set SF_CLIENT_ID to the consumer key of the connected app that issued the refresh token ${where}.`,
    );
  if (!refresh && !(token && instance))
    throw new IcpError(
      'CONFIG',
      `Salesforce needs credentials: set SF_INSTANCE_URL and SF_ACCESS_TOKEN, or SF_REFRESH_TOKEN and SF_CLIENT_ID (with SF_CLIENT_SECRET when the connected app has one) ${where}. ${token ? 'SF_INSTANCE_URL is missing.' : instance ? 'SF_ACCESS_TOKEN is missing.' : ''}`.trim(),
    );
  const loginUrl = creds.get('SF_LOGIN_URL') ?? SALESFORCE_LOGIN_URL;
  const secrets = () => [token, refresh, clientSecret].filter((s): s is string => !!s);
  const oauth = new CrmHttp(
    {
      vendor: 'salesforce',
      baseUrl: () => loginUrl,
      authorization: async () => '',
      renew: async () => false,
      refused: (detail) => new IcpError('CONFIG', detail),
      secrets,
    },
    SALESFORCE_RULES,
    options,
  );
  const renew = async () => {
    if (!refresh) return false;
    try {
      const res = await oauth.request<{ access_token: string; instance_url: string }>(
        'POST',
        '/services/oauth2/token',
        {
          anonymous: true,
          form: {
            grant_type: 'refresh_token',
            refresh_token: refresh,
            client_id: clientId!,
            ...(clientSecret ? { client_secret: clientSecret } : {}),
          },
        },
      );
      token = res.body.access_token;
      instance = res.body.instance_url;
      return true;
    } catch (error) {
      if (!(error instanceof CrmApiError)) throw error;
      throw new IcpError(
        'CONFIG',
        `Salesforce refused the refresh token in SF_REFRESH_TOKEN (from ${creds.origin('SF_REFRESH_TOKEN')}): ${error.apiCode}, "${error.apiMessage}". Authorise the connected app again and set the new SF_REFRESH_TOKEN ${where} (SF_LOGIN_URL ${loginUrl}: use https://test.salesforce.com for a sandbox).`,
      );
    }
  };
  return {
    vendor: 'salesforce',
    baseUrl: () => instance ?? loginUrl,
    authorization: async () => {
      if (!token) await renew();
      return `Bearer ${token}`;
    },
    renew,
    refused: (detail) =>
      new IcpError(
        'CONFIG',
        refresh
          ? `Salesforce refused the access token it had just issued for SF_REFRESH_TOKEN: ${detail}. Check that the connected app's user may use the API, then set SF_REFRESH_TOKEN again ${where}.`
          : `Salesforce refused the access token in SF_ACCESS_TOKEN (from ${creds.origin('SF_ACCESS_TOKEN')}): ${detail}. It has expired or was revoked: set a fresh SF_ACCESS_TOKEN (e.g. from "sf org display"), or set SF_REFRESH_TOKEN and SF_CLIENT_ID so the connector renews it, ${where}.`,
      ),
    secrets,
  };
}

export class SalesforceApi {
  readonly http: CrmHttp;
  private readonly root: string;

  constructor(session: CrmSession, version: string, options: HttpOptions = {}) {
    this.http = new CrmHttp(session, SALESFORCE_RULES, options);
    this.root = `/services/data/v${version}`;
  }

  /** The first batch of a SOQL query (up to 2,000 records): GET .../query?q=. */
  async query(soql: string): Promise<SalesforceQueryPage> {
    return (
      await this.http.request<SalesforceQueryPage>('GET', `${this.root}/query`, {
        query: { q: soql },
      })
    ).body;
  }

  /** The next batch: GET the nextRecordsUrl of the previous one. */
  async queryMore(nextRecordsUrl: string): Promise<SalesforceQueryPage> {
    return (await this.http.request<SalesforceQueryPage>('GET', nextRecordsUrl)).body;
  }

  /** The fields of an object: GET .../sobjects/{name}/describe. */
  async describe(sobject: string): Promise<SalesforceField[]> {
    const res = await this.http.request<{ fields: SalesforceField[] }>(
      'GET',
      `${this.root}/sobjects/${sobject}/describe`,
    );
    return res.body.fields;
  }

  /** Creates a custom field through the Tooling API: POST .../tooling/sobjects/CustomField. */
  async createField(fullName: string, metadata: Record<string, unknown>): Promise<void> {
    await this.http.request('POST', `${this.root}/tooling/sobjects/CustomField`, {
      json: { FullName: fullName, Metadata: metadata },
    });
  }

  /**
   * Updates up to 200 records of one object: PATCH .../composite/sobjects with allOrNone
   * false. Answers in request order, each record with success and its errors.
   */
  async updateRecords(
    sobject: string,
    records: readonly { id: string; fields: Record<string, string | number | null> }[],
  ): Promise<{ updated: string[]; failed: { id: string; message: string }[] }> {
    let answer: readonly { success: boolean; errors: { statusCode: string; message: string }[] }[];
    try {
      answer = (
        await this.http.request<typeof answer>('PATCH', `${this.root}/composite/sobjects`, {
          json: {
            allOrNone: false,
            records: records.map((r) => ({ attributes: { type: sobject }, id: r.id, ...r.fields })),
          },
        })
      ).body;
    } catch (error) {
      if (!(error instanceof CrmApiError)) throw error;
      const message = `${error.apiCode}: ${error.apiMessage}`;
      return { updated: [], failed: records.map((r) => ({ id: r.id, message })) };
    }
    const updated: string[] = [];
    const failed: { id: string; message: string }[] = [];
    records.forEach((r, i) => {
      const a = answer[i];
      if (a?.success) updated.push(r.id);
      else
        failed.push({
          id: r.id,
          message: this.http.clean(
            a?.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ') ||
              'Salesforce did not report this record as updated',
          ),
        });
    });
    return { updated, failed };
  }
}
