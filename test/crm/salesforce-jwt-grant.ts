import { type KeyObject, verify } from 'node:crypto';

/**
 * Salesforce's check of a JWT bearer assertion (the OAuth 2.0 JWT bearer flow, as Salesforce
 * Help describes it): RS256 signed with the key of the certificate the connected app holds,
 * `iss` its consumer key, `sub` a pre-authorised user, `aud` the login server, `exp` not past.
 * Returns the `error_description` of the 400 invalid_grant Salesforce answers, or undefined.
 */
export function jwtGrantError(
  assertion: string,
  app: { publicKey: KeyObject | undefined; clientId: string; username: string; audience: string },
): string | undefined {
  const [header, payload, signature] = assertion.split('.');
  if (!header || !payload || !signature) return 'invalid assertion';
  const ok =
    app.publicKey !== undefined &&
    verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      app.publicKey,
      Buffer.from(signature, 'base64url'),
    );
  if (!ok) return 'invalid assertion';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  if (claims.iss !== app.clientId) return 'invalid client credentials';
  if (claims.aud !== app.audience) return 'audience is invalid';
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return 'expired JWT';
  if (claims.sub !== app.username) return "user hasn't approved this consumer";
  return undefined;
}
