import { CrmApiError, CrmHttp } from './crm-http.js';
import type { CrmSession } from './crm-session.js';
import type { HttpOptions } from './retry-policy.js';
import { SALESFORCE_RULES } from './salesforce-session.js';

/**
 * The Salesforce REST API endpoints the connector uses (query / queryMore, sObject describe,
 * sObject Collections update, the Tooling API's CustomField, the OAuth token endpoint),
 * typed as Salesforce's REST API Developer Guide shows them.
 */

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
