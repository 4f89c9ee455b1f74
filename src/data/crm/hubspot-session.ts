import { IcpError } from '../../core/errors/icp-error.js';
import { type CredentialSource, secureUrl } from './credentials.js';
import type { CrmSession, VendorRules } from './crm-session.js';

export const HUBSPOT_BASE_URL = 'https://api.hubapi.com';

/** A private app token from HUBSPOT_TOKEN (never renewed: it does not expire on its own). */
export function hubspotSession(creds: CredentialSource): CrmSession {
  const token = creds.get('HUBSPOT_TOKEN');
  if (!token)
    throw new IcpError(
      'CONFIG',
      `HubSpot needs a private app access token: set HUBSPOT_TOKEN ${creds.where}. Create one in HubSpot under Settings > Integrations > Private Apps with the scopes docs/crm.md lists.`,
    );
  const base = secureUrl(creds, 'HUBSPOT_BASE_URL', HUBSPOT_BASE_URL);
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
