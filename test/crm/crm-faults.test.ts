import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WaitEvent } from '../../src/data/crm/retry-policy.js';
import { pullCrm } from '../../src/pipeline/crm/pull.js';
import { icp } from '../support/icp-cli.js';
import { crmBook } from './crm-book.js';
import { HUBSPOT_TOKEN, HubSpotEmulator } from './hubspot-emulator.js';
import { SalesforceEmulator } from './salesforce-emulator.js';
import { credentialsFile, query, recordingSleep, tempDir } from './support.js';

/**
 * Rate limits, server errors, timeouts, expired tokens and the daily limit, each against the
 * emulations: every pull still ends with each record exactly once, or stops saying why and
 * resumes from where it stopped.
 */
const book = crmBook({ companies: 1200, seed: 21 });
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

async function hubspot() {
  const emu = new HubSpotEmulator(book);
  const url = await emu.start();
  const tmp = tempDir('icp-crm-faults-');
  stops.push(async () => {
    await emu.stop();
    tmp.remove();
  });
  return {
    emu,
    out: join(tmp.dir, 'crm'),
    dir: tmp.dir,
    env: { HUBSPOT_TOKEN, HUBSPOT_BASE_URL: url },
  };
}

async function salesforce() {
  const emu = new SalesforceEmulator(book);
  const url = await emu.start();
  const tmp = tempDir('icp-crm-faults-');
  stops.push(async () => {
    await emu.stop();
    tmp.remove();
  });
  return {
    emu,
    out: join(tmp.dir, 'crm'),
    env: { SF_INSTANCE_URL: url, SF_ACCESS_TOKEN: emu.accessToken },
  };
}

/** Every id once, and as many as the book holds. */
async function expectComplete(out: string) {
  const [r] = await query(
    out,
    "SELECT count(*) AS n, count(DISTINCT account_id) AS ids, (SELECT count(*) FROM '{dir}/deals.parquet') AS deals, (SELECT count(DISTINCT deal_id) FROM '{dir}/deals.parquet') AS deal_ids FROM '{dir}/accounts.parquet'",
  );
  expect(r).toEqual({
    n: '1200',
    ids: '1200',
    deals: String(book.deals.length),
    deal_ids: String(book.deals.length),
  });
}

describe('rate limits, server errors and timeouts', () => {
  it('HubSpot: waits exactly the Retry-After of a 429 (retrying earlier is refused again)', async () => {
    const { emu, out, env } = await hubspot();
    emu.server.faults.push({
      path: /^GET \/crm\/v3\/objects\/companies$/,
      status: 429,
      retryAfter: '1',
      times: 1,
    });
    const events: WaitEvent[] = [];
    await pullCrm('hubspot', { out, env, http: { onWait: (e) => events.push(e) } });
    expect(events).toEqual([
      {
        method: 'GET',
        path: '/crm/v3/objects/companies',
        reason: 'rate limit',
        status: 429,
        waitMs: 1000,
        retryAfter: true,
        attempt: 1,
      },
    ]);
    expect(emu.server.log.filter((l) => l.status === 429)).toHaveLength(1);
    await expectComplete(out);
  });

  it('Salesforce: the same for a query', async () => {
    const { emu, out, env } = await salesforce();
    emu.server.faults.push({
      path: /^GET \/services\/data\/v62\.0\/query$/,
      status: 429,
      retryAfter: '1',
      times: 1,
    });
    const events: WaitEvent[] = [];
    await pullCrm('salesforce', { out, env, http: { onWait: (e) => events.push(e) } });
    expect(events.map((e) => [e.reason, e.waitMs, e.retryAfter])).toEqual([
      ['rate limit', 1000, true],
    ]);
    expect(emu.server.log.filter((l) => l.status === 429)).toHaveLength(1);
  });

  it('backs off exponentially on 5xx (a gateway HTML page too) and a 429 without Retry-After', async () => {
    const { emu, out, env } = await hubspot();
    emu.server.faults.push(
      {
        path: /^POST \/crm\/v4\/associations\/deals\/contacts\/batch\/read$/,
        status: 503,
        times: 2,
      },
      {
        path: /^POST \/crm\/v4\/associations\/deals\/contacts\/batch\/read$/,
        status: 502,
        times: 1,
      },
      { path: /^POST \/crm\/v3\/objects\/tickets\/search$/, status: 429, times: 1 },
    );
    const { waits, sleep } = recordingSleep();
    const r = await pullCrm('hubspot', { out, env, http: { sleep, retry: { backoffMs: 10 } } });
    expect(waits).toEqual([10, 20, 40, 10]);
    expect(r.objects.map((o) => o.rows)).toEqual([
      1200,
      book.deals.length,
      book.tickets.length,
      book.contacts.length,
    ]);
    await expectComplete(out);
    const [links] = await query(out, "SELECT count(*) AS n FROM '{dir}/deal_contacts.parquet'");
    expect(links!.n).toBe(
      String([...book.dealContacts.values()].reduce((s, c) => s + c.length, 0)),
    );
  });

  it('abandons a request that gets no answer and sends it again', async () => {
    const { emu, out, env } = await salesforce();
    emu.server.faults.push({
      path: /^GET \/services\/data\/v62\.0\/query$/,
      status: 'hang',
      times: 1,
    });
    const events: WaitEvent[] = [];
    const r = await pullCrm('salesforce', {
      out,
      env,
      http: { retry: { timeoutMs: 300, backoffMs: 5 }, onWait: (e) => events.push(e) },
    });
    expect(events.map((e) => [e.reason, e.path, e.waitMs])).toEqual([
      ['timeout', '/services/data/v62.0/query', 5],
    ]);
    expect(emu.server.log.filter((l) => l.status === 0)).toHaveLength(1);
    expect(r.objects[0]!.rows).toBe(1200);
  });

  it('stops after the last retry saying where, and the next run resumes there without repeating a page', async () => {
    const { emu, out, env } = await hubspot();
    let lists = 0;
    emu.server.onRequest = (method, path) => {
      if (method === 'GET' && path === '/crm/v3/objects/companies' && ++lists === 3)
        emu.server.faults.push({
          path: /^GET \/crm\/v3\/objects\/companies$/,
          status: 503,
          times: 3,
        });
    };
    const { sleep } = recordingSleep();
    const http = { sleep, retry: { retries: 2, backoffMs: 1 } };
    await expect(pullCrm('hubspot', { out, env, http })).rejects.toThrow(
      'HubSpot answered GET /crm/v3/objects/companies with HTTP 503 INTERNAL_ERROR ("internal error") 3 times. It is failing on its side; try again later. The pull stopped at companies page 3 (200 companies read); run the same command again to resume from there.',
    );
    emu.server.onRequest = undefined;
    const notes: string[] = [];
    const r = await pullCrm('hubspot', { out, env, http, onNote: (t) => notes.push(t) });
    expect(notes).toEqual(['resuming the pull stopped at companies page 3 (200 companies read).']);
    expect(r.resumed).toBe(true);
    // 12 pages of companies: pages 1 and 2 once, page 3 three times refused then read.
    expect(emu.server.count(/^GET \/crm\/v3\/objects\/companies$/)).toBe(12 + 3);
    await expectComplete(out);
  });
});

describe('tokens and limits', () => {
  it('HubSpot: a token that expires mid-pull stops it naming HUBSPOT_TOKEN (exit 2); a new one resumes', async () => {
    const { emu, out, dir, env } = await hubspot();
    const creds = credentialsFile(dir, env);
    let deals = 0;
    emu.server.onRequest = (_method, path) => {
      if (path === '/crm/v3/objects/deals' && ++deals === 2) emu.expired = emu.token;
    };
    const r = await icp('pull', 'hubspot', '--out', out, '--credentials', creds);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `icp: HubSpot refused the token in HUBSPOT_TOKEN (from ${creds}): HTTP 401 EXPIRED_AUTHENTICATION: "The OAuth token used to make this call expired 0 hour(s) ago.". Set HUBSPOT_TOKEN to a valid private app access token (Settings > Integrations > Private Apps > your app > Access token) in ${creds} (or in the environment). The pull stopped at deals page 2 (100 deals read); run the same command again to resume from there.\n`,
    );
    emu.server.onRequest = undefined;
    emu.token = 'pat-na1-99999999-2222-3333-4444-555555555555';
    writeFileSync(creds, `HUBSPOT_TOKEN=${emu.token}\nHUBSPOT_BASE_URL=${env.HUBSPOT_BASE_URL}\n`);
    const again = await icp('pull', 'hubspot', '--out', out, '--credentials', creds);
    expect(again.stderr).toBe(
      'icp pull: resuming the pull stopped at deals page 2 (100 deals read).\n',
    );
    expect(again.stdout.split('\n')[0]).toBe(
      `Pulled from HubSpot into ${out} (every record, resumed):`,
    );
    await expectComplete(out);
  });

  it('never prints a token, even one the API echoes back', async () => {
    const { emu, out, dir, env } = await hubspot();
    emu.server.faults.push({
      path: /companies/,
      status: 401,
      body: {
        status: 'error',
        message: `The token ${HUBSPOT_TOKEN} is not valid for portal 123`,
        category: 'INVALID_AUTHENTICATION',
      },
      times: 1,
    });
    const r = await icp(
      'pull',
      'hubspot',
      '--out',
      out,
      '--credentials',
      credentialsFile(dir, env),
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('"The token [redacted] is not valid for portal 123"');
    expect(r.stderr).not.toContain(HUBSPOT_TOKEN);
  });

  it('reports the daily limit with the usage, and stops (exit 3)', async () => {
    const { emu, out, dir, env } = await hubspot();
    emu.dailyLimit = 20;
    const r = await icp(
      'pull',
      'hubspot',
      '--out',
      out,
      '--credentials',
      credentialsFile(dir, env),
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(
      `icp: HubSpot's daily API limit is spent (20 of 20 calls): it answered POST /crm/v4/associations/deals/companies/batch/read with HTTP 429 RATE_LIMIT ("You have reached your daily limit."). Run the command again when the limit resets (HubSpot: midnight in the account's time zone; Salesforce: a rolling 24 hours). The pull stopped at deals page 1 (0 deals read); run the same command again to resume from there.\n`,
    );
    const sf = await salesforce();
    sf.emu.dailyLimit = 3;
    await expect(pullCrm('salesforce', { out: sf.out, env: sf.env })).rejects.toThrow(
      `Salesforce's daily API limit is spent (3 of 3 calls): it answered GET /services/data/v62.0/query with HTTP 403 REQUEST_LIMIT_EXCEEDED ("TotalRequests Limit exceeded."). Run the command again when the limit resets (HubSpot: midnight in the account's time zone; Salesforce: a rolling 24 hours). The pull stopped at Opportunity page 1 (0 Opportunity read); run the same command again to resume from there.`,
    );
  });
});
