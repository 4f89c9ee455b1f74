import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCredentials, secureUrl } from '../../src/data/crm/credentials.js';
import { parseRetryAfter } from '../../src/data/crm/retry-policy.js';
import { redact } from '../../src/data/crm/redact.js';
import { tempDir } from './support.js';

const tmp = tempDir('icp-crm-credentials-');
afterAll(() => tmp.remove());

describe('credentials', () => {
  it('reads NAME=value lines (comments, export, quotes); the file wins over the environment', async () => {
    const file = join(tmp.dir, 'crm.env');
    writeFileSync(
      file,
      '# HubSpot sandbox\nexport HUBSPOT_TOKEN="pat-na1-from-file"\nHUBSPOT_BASE_URL = https://api.example.test\n\nSF_CLIENT_ID=\'abc\'\n',
      { mode: 0o600 },
    );
    const creds = await readCredentials(file, {
      HUBSPOT_TOKEN: 'from-env',
      SF_LOGIN_URL: 'https://test.salesforce.com',
    });
    expect([
      creds.get('HUBSPOT_TOKEN'),
      creds.get('HUBSPOT_BASE_URL'),
      creds.get('SF_CLIENT_ID'),
      creds.get('SF_LOGIN_URL'),
    ]).toEqual([
      'pat-na1-from-file',
      'https://api.example.test',
      'abc',
      'https://test.salesforce.com',
    ]);
    expect([creds.origin('HUBSPOT_TOKEN'), creds.origin('SF_LOGIN_URL')]).toEqual([
      file,
      'the environment',
    ]);
    expect(creds.warnings).toEqual([]);
  });

  it('warns about a file others can read, and names a bad line without showing it', async () => {
    const open = join(tmp.dir, 'open.env');
    writeFileSync(open, 'HUBSPOT_TOKEN=pat-na1-secret\n');
    chmodSync(open, 0o644);
    expect((await readCredentials(open, {})).warnings).toEqual([
      `${open} can be read by other users of this machine; chmod 600 ${open} keeps the secrets in it yours.`,
    ]);
    const bad = join(tmp.dir, 'bad.env');
    writeFileSync(bad, 'HUBSPOT_TOKEN=ok\npat-na1-pasted-without-a-name\n', { mode: 0o600 });
    await expect(readCredentials(bad, {})).rejects.toThrow(
      `--credentials ${bad} line 2: not a NAME=value line (the value is not shown). Write one setting per line, e.g. HUBSPOT_TOKEN=...`,
    );
    await expect(readCredentials(join(tmp.dir, 'none.env'), {})).rejects.toThrow(
      `--credentials ${join(tmp.dir, 'none.env')}: cannot read it (ENOENT). Name a file of NAME=value lines.`,
    );
  });

  it('sends tokens only over https, or plain http to this machine', async () => {
    const creds = await readCredentials(undefined, {
      HUBSPOT_BASE_URL: 'http://crm-proxy.internal:8080',
      SF_LOGIN_URL: 'http://127.0.0.1:9999',
      SF_INSTANCE_URL: 'https://example.my.salesforce.com',
    });
    expect(() => secureUrl(creds, 'HUBSPOT_BASE_URL', 'https://api.hubapi.com')).toThrow(
      'HUBSPOT_BASE_URL http://crm-proxy.internal:8080: the token would travel unencrypted. Use https:// (plain http:// is taken for this machine only).',
    );
    expect(secureUrl(creds, 'SF_LOGIN_URL', 'https://login.salesforce.com')).toBe(
      'http://127.0.0.1:9999',
    );
    expect(secureUrl(creds, 'SF_INSTANCE_URL')).toBe('https://example.my.salesforce.com');
    expect(secureUrl(creds, 'SF_API_VERSION')).toBeUndefined();
  });

  it('redacts every secret from a text, leaving short values alone', () => {
    expect(
      redact('token pat-na1-abcdef12 rejected; again pat-na1-abcdef12', [
        'pat-na1-abcdef12',
        'short',
      ]),
    ).toBe('token [redacted] rejected; again [redacted]');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-28T07:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 07:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 06:59:00 GMT', now)).toBe(0);
    expect([
      parseRetryAfter(null, now),
      parseRetryAfter('soon', now),
      parseRetryAfter('', now),
    ]).toEqual([undefined, undefined, undefined]);
  });
});
