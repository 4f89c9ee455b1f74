import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullCrm } from '../../src/pipeline/crm/pull.js';
import { icp } from '../support/icp-cli.js';
import { crmBook } from './crm-book.js';
import { SF_CLIENT_ID, SalesforceEmulator, sfId } from './salesforce-emulator.js';
import { credentialsFile, query, tempDir } from './support.js';

const book = crmBook({ companies: 4500, seed: 9 });
let emu: SalesforceEmulator;
let url: string;
let tmp: ReturnType<typeof tempDir>;

beforeEach(async () => {
  emu = new SalesforceEmulator(book);
  url = await emu.start();
  tmp = tempDir('icp-salesforce-pull-');
});
afterEach(async () => {
  await emu.stop();
  tmp.remove();
});

const n = (x: number) => x.toLocaleString('en-US');

describe('icp pull salesforce', () => {
  it('reads every object through SOQL and queryMore into files and a config that loads', async () => {
    const out = join(tmp.dir, 'crm');
    const creds = credentialsFile(tmp.dir, {
      SF_INSTANCE_URL: url,
      SF_ACCESS_TOKEN: emu.accessToken,
    });
    const r = await icp(
      'pull',
      'salesforce',
      '--out',
      out,
      '--fields',
      'Region__c',
      '--credentials',
      creds,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const links = [...book.dealContacts.values()].reduce((s, c) => s + c.length, 0);
    expect(r.stdout.split('\n').map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      `Pulled from Salesforce into ${out} (every record):`,
      `Account ${n(4500)} read accounts.parquet ${n(4500)} rows`,
      `Opportunity ${n(book.deals.length)} read deals.parquet ${n(book.deals.length)} rows`,
      `Case ${n(book.tickets.length)} read tickets.parquet ${n(book.tickets.length)} rows`,
      `Contact ${n(book.contacts.length)} read contacts.parquet ${n(book.contacts.length)} rows`,
      `OpportunityContactRole ${n(links)} read deal_contacts.parquet ${n(links)} rows`,
      `Config: ${out}/icp.config.yaml (target: deals won). Next: icp discover --config ${out}/icp.config.yaml --out ${out}/icp.json (where icp sync looks for it)`,
      // describe, the stages, then 2,000 records a batch: 3 + 2 + 1 + 2 + 1.
      '11 API calls (Salesforce daily usage 11 of 500,000).',
      '',
    ]);
    expect(emu.server.count(/^GET \/services\/data\/v62\.0\/query\/01g/)).toBe(4);
    const [accounts] = await query(
      out,
      `SELECT count(DISTINCT account_id) AS ids, count(*) FILTER (WHERE "Region__c" = 'North America') AS na,
        min(domain) AS domain FROM '{dir}/accounts.parquet'`,
    );
    expect(accounts).toEqual({
      ids: '4500',
      na: String(book.companies.filter((c) => c.region === 'NA').length),
      domain: 'company0.example',
    });
    const stages = await query(
      out,
      "SELECT stage, count(*) AS n FROM '{dir}/deals.parquet' GROUP BY 1 ORDER BY 1",
    );
    expect(stages.map((s) => [s.stage, Number(s.n)])).toEqual(
      ['lost', 'open', 'won'].map((o) => [o, book.deals.filter((d) => d.outcome === o).length]),
    );
    const check = await icp('check', '--config', join(out, 'icp.config.yaml'));
    expect(check.status).toBe(0);
    expect(check.stdout).not.toContain('warning');
    expect(readFileSync(join(out, 'icp.config.yaml'), 'utf8')).toContain(
      '# Salesforce opportunity stages: Prospecting = open, Qualification = open, Negotiation/Review = open, Closed Won = won, Closed Lost = lost\n',
    );
  });

  it('renews the access token with the refresh-token flow when it expires mid-pull', async () => {
    const out = join(tmp.dir, 'crm');
    const env = { SF_REFRESH_TOKEN: emu.refreshToken, SF_CLIENT_ID, SF_LOGIN_URL: url };
    let queries = 0;
    emu.server.onRequest = (_method, path) => {
      if (path.includes('/query') && ++queries === 2) emu.expireSessions();
    };
    const r = await pullCrm('salesforce', { out, env });
    // One token at the start (no access token given), one after the session expired.
    expect(emu.server.count(/^POST \/services\/oauth2\/token$/)).toBe(2);
    expect(emu.server.log.filter((l) => l.status === 401)).toHaveLength(1);
    expect(r.objects[0]).toEqual({ name: 'Account', table: 'accounts', read: 4500, rows: 4500 });
  });

  it('reads only the changes since the last pull; a deleted record stays until a full pull', async () => {
    const out = join(tmp.dir, 'crm');
    const env = { SF_INSTANCE_URL: url, SF_ACCESS_TOKEN: emu.accessToken };
    await pullCrm('salesforce', { out, env });
    emu.edit(sfId('Account', 10), { Industry: 'Retail', NumberOfEmployees: 12 });
    emu.edit(sfId('Contact', 2), { Title: 'CEO' });
    emu.remove(sfId('Account', 11));
    const r = await pullCrm('salesforce', { out, env });
    expect(r.objects.map((o) => [o.name, o.read, o.rows])).toEqual([
      ['Account', 1, 4500],
      ['Opportunity', 0, book.deals.length],
      ['Case', 0, book.tickets.length],
      ['Contact', 1, book.contacts.length],
      [
        'OpportunityContactRole',
        0,
        [...book.dealContacts.values()].reduce((s, c) => s + c.length, 0),
      ],
    ]);
    const [row] = await query(
      out,
      `SELECT industry, employees FROM '{dir}/accounts.parquet' WHERE account_id = '${sfId('Account', 10)}'`,
    );
    expect(row).toEqual({ industry: 'Retail', employees: '12' });
    const full = await pullCrm('salesforce', { out, env, full: true });
    expect(full.objects[0]).toEqual({ name: 'Account', table: 'accounts', read: 4499, rows: 4499 });
  });

  it('names the variables to set when credentials are missing or refused; exit 2', async () => {
    const out = join(tmp.dir, 'crm');
    const none = credentialsFile(tmp.dir, { SF_INSTANCE_URL: url });
    expect(await icp('pull', 'salesforce', '--out', out, '--credentials', none)).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: Salesforce needs credentials: set SF_INSTANCE_URL and SF_ACCESS_TOKEN, or SF_REFRESH_TOKEN and SF_CLIENT_ID (with SF_CLIENT_SECRET when the connected app has one), or SF_JWT_KEY_FILE, SF_USERNAME and SF_CLIENT_ID in ${none} (or in the environment). SF_ACCESS_TOKEN is missing.\n`,
    });
    const stale = credentialsFile(tmp.dir, {
      SF_INSTANCE_URL: url,
      SF_ACCESS_TOKEN: '00D5g000004TEST!AQ0AQstaletoken',
    });
    expect(await icp('pull', 'salesforce', '--out', out, '--credentials', stale)).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: Salesforce refused the access token in SF_ACCESS_TOKEN (from ${stale}): HTTP 401 INVALID_SESSION_ID: "Session expired or invalid". It has expired or was revoked: set a fresh SF_ACCESS_TOKEN (e.g. from "sf org display"), or set SF_REFRESH_TOKEN and SF_CLIENT_ID so the connector renews it, in ${stale} (or in the environment).\n`,
    });
    const badRefresh = credentialsFile(tmp.dir, {
      SF_REFRESH_TOKEN: 'revoked-refresh-token-0000',
      SF_CLIENT_ID,
      SF_LOGIN_URL: url,
    });
    const r = await icp('pull', 'salesforce', '--out', out, '--credentials', badRefresh);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `icp: Salesforce refused the refresh token in SF_REFRESH_TOKEN (from ${badRefresh}): invalid_grant, "expired access/refresh token". Authorise the connected app again and set the new SF_REFRESH_TOKEN in ${badRefresh} (or in the environment) (SF_LOGIN_URL ${url}: use https://test.salesforce.com for a sandbox).\n`,
    );
    expect(r.stderr).not.toContain('revoked-refresh-token-0000');
  });
});
