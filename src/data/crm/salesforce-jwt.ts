import { createPrivateKey, type KeyObject, sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { IcpError } from '../../core/errors/icp-error.js';

/** The grant type of Salesforce's OAuth 2.0 JWT bearer flow. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Reads the private key whose certificate the connected app holds (SF_JWT_KEY_FILE, PEM).
 * The key is never shown in a message, only the file's path.
 */
export async function readJwtKey(path: string, origin: string): Promise<KeyObject> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new IcpError(
      'CONFIG',
      `SF_JWT_KEY_FILE ${path} (from ${origin}): cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}). Set SF_JWT_KEY_FILE to the PEM private key whose certificate the connected app holds.`,
      { cause: error },
    );
  }
  try {
    return createPrivateKey(text);
  } catch (error) {
    throw new IcpError(
      'CONFIG',
      `SF_JWT_KEY_FILE ${path} (from ${origin}): not a PEM private key (it should begin with "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----"). Name the key file, not the certificate.`,
      { cause: error },
    );
  }
}

/**
 * The signed assertion Salesforce exchanges for an access token: RS256, issued by the
 * connected app (its consumer key), for the user, to the login server, valid three minutes
 * (Salesforce's own limit is five).
 */
export function jwtAssertion(
  key: KeyObject,
  claims: { clientId: string; username: string; audience: string; nowMs: number },
): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256' })}.${part({
    iss: claims.clientId,
    sub: claims.username,
    aud: claims.audience,
    exp: Math.floor(claims.nowMs / 1000) + 180,
  })}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), key).toString('base64url')}`;
}
