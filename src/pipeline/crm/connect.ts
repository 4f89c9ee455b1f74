import type { CrmHttp } from '../../data/crm/crm-http.js';
import type { HttpOptions } from '../../data/crm/retry-policy.js';
import type { CrmVendor } from '../../data/crm/crm-vendor.js';
import { readCredentials } from '../../data/crm/credentials.js';
import { HubSpotApi } from '../../data/crm/hubspot-api.js';
import { hubspotSession } from '../../data/crm/hubspot-session.js';
import { SALESFORCE_API_VERSION, SalesforceApi } from '../../data/crm/salesforce-api.js';
import { salesforceSession } from '../../data/crm/salesforce-session.js';

/** How to reach a CRM: credentials from a file or the environment, and the HTTP behaviour. */
export interface ConnectOptions {
  /** A file of NAME=value lines (HUBSPOT_TOKEN=..., SF_ACCESS_TOKEN=...); wins over `env`. */
  readonly credentials?: string;
  /** The environment to read credentials from; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly http?: HttpOptions;
}

export type CrmConnection = (
  | { readonly vendor: 'hubspot'; readonly api: HubSpotApi }
  | { readonly vendor: 'salesforce'; readonly api: SalesforceApi }
) & {
  readonly http: CrmHttp;
  /** About the credentials file (readable by others). */
  readonly warnings: readonly string[];
};

/** Opens a connection to the vendor's API; no request is sent yet. */
export async function connectCrm(
  vendor: CrmVendor,
  options: ConnectOptions = {},
): Promise<CrmConnection> {
  const creds = await readCredentials(options.credentials, options.env ?? process.env);
  const http = options.http ?? {};
  if (vendor === 'hubspot') {
    const api = new HubSpotApi(hubspotSession(creds), http);
    return { vendor, api, http: api.http, warnings: creds.warnings };
  }
  const version = creds.get('SF_API_VERSION') ?? SALESFORCE_API_VERSION;
  const api = new SalesforceApi(salesforceSession(creds, http), version, http);
  return { vendor, api, http: api.http, warnings: creds.warnings };
}
