import type { EmuResponse } from './emulator-server.js';
import type { HsProperty } from './hubspot-fixture.js';

/** HubSpot's error body: status, message, correlationId, category (and any extra fields). */
export function hubspotError(
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

/**
 * The body HubSpot sends with an injected status: its 429 (of the ten-second policy, or of the
 * daily one when the day's calls are spent), a gateway's HTML 502, a 5xx.
 */
export function hubspotFault(
  status: number,
  policy: 'TEN_SECONDLY_ROLLING' | 'DAILY' = 'TEN_SECONDLY_ROLLING',
): EmuResponse {
  if (status === 429 && policy === 'DAILY')
    return {
      status,
      body: {
        status: 'error',
        message: 'You have reached your daily limit.',
        errorType: 'RATE_LIMIT',
        correlationId: 'c0ffee00-0000-4000-8000-000000000d41',
        policyName: 'DAILY',
        groupName: 'publicapi:private-app:daily:1',
      },
    };
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
  if (status === 502) return { status, text: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
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

const NO_CREDENTIALS =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

/**
 * HubSpot's 401 for a request without the valid token (INVALID_AUTHENTICATION) or with the one
 * it reports as expired (EXPIRED_AUTHENTICATION); undefined when the token is the valid one.
 */
export function hubspotAuthError(
  authorization: string | undefined,
  valid: string,
  expired: string | undefined,
): EmuResponse | undefined {
  const token = authorization?.startsWith('Bearer ')
    ? authorization.slice('Bearer '.length)
    : undefined;
  if (token !== undefined && token === expired)
    return hubspotError(
      401,
      'EXPIRED_AUTHENTICATION',
      'The OAuth token used to make this call expired 0 hour(s) ago.',
    );
  if (token !== valid) return hubspotError(401, 'INVALID_AUTHENTICATION', NO_CREDENTIALS);
  return undefined;
}

/**
 * GET /crm/v3/properties/{type}[/{name}], GET .../groups/{name}, POST properties and groups:
 * 409 when one exists, 403 MISSING_SCOPES without schema writes.
 */
export function propertiesRoute(
  emu: { properties: Map<string, HsProperty[]>; groups: Set<string>; schemaWrites: boolean },
  method: string,
  path: string,
  type: string,
  name: string | undefined,
  body: HsProperty,
): EmuResponse {
  const list = emu.properties.get(type);
  if (!list)
    return hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to infer object type from: ${type}`);
  const groups = path.includes('/groups');
  if (method === 'GET' && groups)
    return name !== undefined && emu.groups.has(name)
      ? { status: 200, body: { name, label: name, displayOrder: -1, archived: false } }
      : hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to find property group with name ${name}`);
  if (method === 'GET') {
    if (name === undefined) return { status: 200, body: { results: list } };
    const p = list.find((x) => x.name === name);
    return p
      ? { status: 200, body: p }
      : hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to find property with name ${name}`);
  }
  if (method !== 'POST') return hubspotError(405, 'VALIDATION_ERROR', 'Method not allowed');
  if (!emu.schemaWrites)
    return hubspotError(
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
    if (emu.groups.has(body.name))
      return hubspotError(
        409,
        'OBJECT_ALREADY_EXISTS',
        `A property group named ${body.name} already exists.`,
      );
    emu.groups.add(body.name);
    return { status: 201, body: { ...body, archived: false } };
  }
  if (list.some((x) => x.name === body.name))
    return hubspotError(
      409,
      'OBJECT_ALREADY_EXISTS',
      `Property named ${body.name} already exists.`,
    );
  if (!emu.groups.has(body.groupName))
    return hubspotError(
      400,
      'VALIDATION_ERROR',
      `Property group ${body.groupName} does not exist.`,
    );
  list.push({ ...body, hubspotDefined: false });
  return { status: 201, body };
}
