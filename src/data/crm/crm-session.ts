import type { IcpError } from '../../core/errors/icp-error.js';
import type { CrmVendor } from './crm-vendor.js';

/**
 * Who the client talks to and as whom. Each vendor's session knows where its API lives,
 * how to authorise a request, whether it can renew an expired token, and which variable
 * the user must set when the CRM refuses the token.
 */
export interface CrmSession {
  readonly vendor: CrmVendor;
  /** Base URL of API paths (HubSpot's API host; the Salesforce instance). */
  baseUrl(): string;
  /** The Authorization header's value. */
  authorization(): Promise<string>;
  /** After a 401: renews the token and says true, or says false when it cannot. */
  renew(): Promise<boolean>;
  /** The error for a refused token: names the variable to set. */
  refused(detail: string): IcpError;
  /** Values never to print (tokens, client secrets). */
  secrets(): readonly string[];
}

/** How the vendor's API tells its errors and limits. */
export interface VendorRules {
  /** The API's own error code and message in a failed response's body. */
  describe(body: unknown): { code: string; message: string };
  /** True when a refusal means the day's API budget is spent (retrying today is pointless). */
  dailyLimit(status: number, body: unknown): boolean;
  /** The day's API calls used and allowed, from a response's headers. */
  usage(headers: Headers): ApiUsage | undefined;
}

export interface ApiUsage {
  readonly used: number;
  readonly limit: number;
}
