import { describe, expect, it } from 'vitest';
import { readCredentials } from './credentials.js';
import { salesforceSession } from './salesforce-session.js';

// What the session says when Salesforce refuses an access token, per login. No request is
// made: the refusal's wording depends only on how the session logged in.
async function refusal(env: Record<string, string>): Promise<string> {
  const session = salesforceSession(await readCredentials(undefined, env));
  return session.refused('HTTP 401 INVALID_SESSION_ID: "Session expired or invalid"').message;
}

describe('salesforceSession, an access token refused', () => {
  it('after the refresh-token flow issued it: names SF_REFRESH_TOKEN', async () => {
    expect(await refusal({ SF_REFRESH_TOKEN: '5Aep861-refresh', SF_CLIENT_ID: '3MVG9-app' })).toBe(
      'Salesforce refused the access token it had just issued for SF_REFRESH_TOKEN: HTTP 401 INVALID_SESSION_ID: "Session expired or invalid". Check that the connected app\'s user may use the API, then set SF_REFRESH_TOKEN again in the environment.',
    );
  });

  it('after the JWT bearer flow issued it: names SF_USERNAME', async () => {
    const env = { SF_JWT_KEY_FILE: 'key.pem', SF_USERNAME: 'ops@acme.test', SF_CLIENT_ID: '3MVG9' };
    expect(await refusal(env)).toBe(
      'Salesforce refused the access token it had just issued for SF_USERNAME: HTTP 401 INVALID_SESSION_ID: "Session expired or invalid". Check that the connected app\'s user may use the API, then set SF_USERNAME again in the environment.',
    );
  });
});
