import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { icp } from '../support/icp-cli.js';
import { crmBook } from './crm-book.js';
import { SF_CLIENT_ID, SalesforceEmulator } from './salesforce-emulator.js';
import { credentialsFile, query, tempDir } from './support.js';

/**
 * The OAuth 2.0 JWT bearer flow (a connected app holding a certificate, a pre-authorised
 * user): the server-to-server login a scheduled `icp sync` needs, with no refresh token to
 * expire. The emulation verifies the assertion's signature with the certificate's key.
 */
const book = crmBook({ companies: 2500, seed: 31 });
let emu: SalesforceEmulator;
let url: string;
let tmp: ReturnType<typeof tempDir>;

const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

beforeEach(async () => {
  emu = new SalesforceEmulator(book);
  url = await emu.start();
  tmp = tempDir('icp-salesforce-jwt-');
});
afterEach(async () => {
  await emu.stop();
  tmp.remove();
});

/** A PEM private key file (mode 600) and credentials naming it. */
function jwtCredentials(privateKey: ReturnType<typeof keyPair>['privateKey'], extra = {}) {
  const keyFile = join(tmp.dir, 'server.key');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return {
    keyFile,
    creds: credentialsFile(tmp.dir, {
      SF_JWT_KEY_FILE: keyFile,
      SF_USERNAME: emu.jwt.username,
      SF_CLIENT_ID,
      SF_LOGIN_URL: url,
      ...extra,
    }),
  };
}

describe('icp pull salesforce with the JWT bearer flow', () => {
  it('logs in with a signed assertion and signs a new one when the session expires', async () => {
    const { publicKey, privateKey } = keyPair();
    emu.jwt.publicKey = publicKey;
    const { creds } = jwtCredentials(privateKey);
    let queries = 0;
    emu.server.onRequest = (_method, path) => {
      if (path.includes('/query') && ++queries === 2) emu.expireSessions();
    };
    const out = join(tmp.dir, 'crm');
    const r = await icp('pull', 'salesforce', '--out', out, '--credentials', creds);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(emu.server.count(/^POST \/services\/oauth2\/token$/)).toBe(2);
    expect(emu.server.log.filter((l) => l.status === 401)).toHaveLength(1);
    const [row] = await query(
      out,
      "SELECT count(*) AS n, count(DISTINCT account_id) AS ids FROM '{dir}/accounts.parquet'",
    );
    expect(row).toEqual({ n: '2500', ids: '2500' });
  });

  it('names the key, the user and the fix when Salesforce refuses the assertion, or the key is not one; exit 2', async () => {
    emu.jwt.publicKey = keyPair().publicKey;
    const { keyFile, creds } = jwtCredentials(keyPair().privateKey);
    const out = join(tmp.dir, 'crm');
    expect(await icp('pull', 'salesforce', '--out', out, '--credentials', creds)).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: Salesforce refused the JWT bearer assertion for SF_USERNAME ${emu.jwt.username} signed with SF_JWT_KEY_FILE ${keyFile}: invalid_grant, "invalid assertion". Check that the connected app (SF_CLIENT_ID) holds this key's certificate and that the user is pre-authorised for it in ${creds} (or in the environment) (SF_LOGIN_URL ${url}: use https://test.salesforce.com for a sandbox).\n`,
    });
    writeFileSync(keyFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(await icp('pull', 'salesforce', '--out', out, '--credentials', creds)).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: SF_JWT_KEY_FILE ${keyFile} (from ${creds}): not a PEM private key (it should begin with "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----"). Name the key file, not the certificate.\n`,
    });
    const noUser = credentialsFile(tmp.dir, { SF_JWT_KEY_FILE: keyFile, SF_CLIENT_ID });
    expect(await icp('pull', 'salesforce', '--out', out, '--credentials', noUser)).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: Salesforce: SF_JWT_KEY_FILE is set but SF_USERNAME is not. The JWT bearer flow needs SF_CLIENT_ID (the connected app's consumer key) and SF_USERNAME (the user to act as) in ${noUser} (or in the environment).\n`,
    });
  });
});
