import { IcpError } from '../../core/errors/icp-error.js';
import { type CredentialSource, secureUrl } from './credentials.js';
import { CrmApiError, CrmHttp } from './crm-http.js';
import type { CrmSession, VendorRules } from './crm-session.js';
import type { HttpOptions } from './retry-policy.js';
import { JWT_BEARER_GRANT, jwtAssertion, readJwtKey } from './salesforce-jwt.js';

export const SALESFORCE_LOGIN_URL = 'https://login.salesforce.com';

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
 * The login the settings ask for (a refresh token, a JWT key, else an access token), refused
 * when incomplete with a message naming the variables to set.
 */
function salesforceLogin(
  creds: CredentialSource,
  token: string | undefined,
  instance: string | undefined,
) {
  const refresh = creds.get('SF_REFRESH_TOKEN');
  const clientId = creds.get('SF_CLIENT_ID');
  const keyFile = creds.get('SF_JWT_KEY_FILE');
  const username = creds.get('SF_USERNAME');
  const where = creds.where;
  if (refresh && !clientId)
    throw new IcpError(
      'CONFIG',
      `Salesforce: SF_REFRESH_TOKEN is set but SF_CLIENT_ID is not. Set SF_CLIENT_ID to the consumer key of the connected app that issued the refresh token ${where}.`,
    );
  if (keyFile && !refresh && !(clientId && username))
    throw new IcpError(
      'CONFIG',
      `Salesforce: SF_JWT_KEY_FILE is set but ${clientId ? 'SF_USERNAME is' : username ? 'SF_CLIENT_ID is' : 'SF_CLIENT_ID and SF_USERNAME are'} not. The JWT bearer flow needs SF_CLIENT_ID (the connected app's consumer key) and SF_USERNAME (the user to act as) ${where}.`,
    );
  const jwt = !refresh && keyFile !== undefined;
  if (!refresh && !jwt && !(token && instance))
    throw new IcpError(
      'CONFIG',
      `Salesforce needs credentials: set SF_INSTANCE_URL and SF_ACCESS_TOKEN, or SF_REFRESH_TOKEN and SF_CLIENT_ID (with SF_CLIENT_SECRET when the connected app has one), or SF_JWT_KEY_FILE, SF_USERNAME and SF_CLIENT_ID ${where}. ${token ? 'SF_INSTANCE_URL is missing.' : instance ? 'SF_ACCESS_TOKEN is missing.' : ''}`.trim(),
    );
  return { refresh, clientId, clientSecret: creds.get('SF_CLIENT_SECRET'), keyFile, username, jwt };
}

/**
 * A session from SF_INSTANCE_URL + SF_ACCESS_TOKEN, from the OAuth refresh-token flow
 * (SF_REFRESH_TOKEN + SF_CLIENT_ID, SF_CLIENT_SECRET when the connected app has one), or from
 * the JWT bearer flow (SF_JWT_KEY_FILE + SF_USERNAME + SF_CLIENT_ID); SF_LOGIN_URL for a
 * sandbox. Both flows also renew an expired access token.
 */
export function salesforceSession(creds: CredentialSource, options: HttpOptions = {}): CrmSession {
  let token = creds.get('SF_ACCESS_TOKEN');
  let instance = secureUrl(creds, 'SF_INSTANCE_URL');
  const login = salesforceLogin(creds, token, instance);
  const { refresh, clientId, clientSecret, keyFile, username, jwt } = login;
  const loginUrl = secureUrl(creds, 'SF_LOGIN_URL', SALESFORCE_LOGIN_URL);
  let assertion: string | undefined;
  const secrets = () => [token, refresh, clientSecret, assertion].filter((s): s is string => !!s);
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
  let key: Awaited<ReturnType<typeof readJwtKey>> | undefined;
  // The form of the token request: the refresh token, or a fresh signed assertion.
  const tokenForm = async (): Promise<Record<string, string>> => {
    if (refresh)
      return {
        grant_type: 'refresh_token',
        refresh_token: refresh,
        client_id: clientId!,
        ...(clientSecret ? { client_secret: clientSecret } : {}),
      };
    key ??= await readJwtKey(keyFile!, creds.origin('SF_JWT_KEY_FILE'));
    assertion = jwtAssertion(key, {
      clientId: clientId!,
      username: username!,
      audience: loginUrl,
      nowMs: Date.now(),
    });
    return { grant_type: JWT_BEARER_GRANT, assertion };
  };
  const sandbox = `SF_LOGIN_URL ${loginUrl}: use https://test.salesforce.com for a sandbox`;
  const renew = async () => {
    if (!refresh && !jwt) return false;
    try {
      const res = await oauth.request<{ access_token: string; instance_url: string }>(
        'POST',
        '/services/oauth2/token',
        { anonymous: true, form: await tokenForm() },
      );
      token = res.body.access_token;
      instance = res.body.instance_url;
      return true;
    } catch (error) {
      if (!(error instanceof CrmApiError)) throw error;
      throw new IcpError('CONFIG', grantRefused(error, login, creds, sandbox));
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
    refused: (detail) => new IcpError('CONFIG', tokenRefused(detail, login, creds)),
    secrets,
  };
}

type SalesforceLogin = ReturnType<typeof salesforceLogin>;

/** Salesforce refused a token request: which credential it refused, and how to get a new one. */
function grantRefused(
  error: CrmApiError,
  login: SalesforceLogin,
  creds: CredentialSource,
  sandbox: string,
): string {
  const said = `${error.apiCode}, "${error.apiMessage}"`;
  const where = creds.where;
  return login.refresh
    ? `Salesforce refused the refresh token in SF_REFRESH_TOKEN (from ${creds.origin('SF_REFRESH_TOKEN')}): ${said}. Authorise the connected app again and set the new SF_REFRESH_TOKEN ${where} (${sandbox}).`
    : `Salesforce refused the JWT bearer assertion for SF_USERNAME ${login.username} signed with SF_JWT_KEY_FILE ${login.keyFile}: ${said}. Check that the connected app (SF_CLIENT_ID) holds this key's certificate and that the user is pre-authorised for it ${where} (${sandbox}).`;
}

/** Salesforce refused an access token: one it had just issued, or the one given in SF_ACCESS_TOKEN. */
function tokenRefused(detail: string, login: SalesforceLogin, creds: CredentialSource): string {
  const where = creds.where;
  const { refresh, jwt } = login;
  return refresh || jwt
    ? `Salesforce refused the access token it had just issued for ${refresh ? 'SF_REFRESH_TOKEN' : 'SF_USERNAME'}: ${detail}. Check that the connected app's user may use the API, then set ${refresh ? 'SF_REFRESH_TOKEN' : 'SF_USERNAME'} again ${where}.`
    : `Salesforce refused the access token in SF_ACCESS_TOKEN (from ${creds.origin('SF_ACCESS_TOKEN')}): ${detail}. It has expired or was revoked: set a fresh SF_ACCESS_TOKEN (e.g. from "sf org display"), or set SF_REFRESH_TOKEN and SF_CLIENT_ID so the connector renews it, ${where}.`;
}
