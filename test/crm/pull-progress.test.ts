import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pullCrm } from '../../src/pipeline/crm/pull.js';
import { crmBook } from './crm-book.js';
import { HUBSPOT_TOKEN, HubSpotEmulator } from './hubspot-emulator.js';
import { SalesforceEmulator } from './salesforce-emulator.js';
import { recordingSleep, tempDir } from './support.js';

/**
 * The counts behind `icp pull`'s progress bar (the bar itself draws only on a terminal): per
 * object, after each page, the records read so far of the total the API reported, ending at
 * the total; a resumed pull counts on from its checkpoint, not from zero.
 */
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

type Event = [object: string, done: number, total: number | undefined];

/** The events a pull of `count` records, `page` a page, gives after `from` were read. */
function pages(object: string, count: number, page: number, from = 0): Event[] {
  const events: Event[] = [];
  for (let done = from + page; done < count + page; done += page)
    events.push([object, Math.min(done, count), count]);
  return events;
}

describe('icp pull progress counts', () => {
  it('HubSpot: per page of 100, of the total its search reports; resumed, from the checkpoint', async () => {
    const book = crmBook({ companies: 1200, seed: 8 });
    const emu = new HubSpotEmulator(book);
    const url = await emu.start();
    const tmp = tempDir('icp-crm-progress-');
    stops.push(async () => {
      await emu.stop();
      tmp.remove();
    });
    const out = join(tmp.dir, 'crm');
    const env = { HUBSPOT_TOKEN, HUBSPOT_BASE_URL: url };
    // The 6th page of companies fails past its retries: the pull stops after 500 companies.
    let lists = 0;
    emu.server.onRequest = (method, path) => {
      if (method === 'GET' && path === '/crm/v3/objects/companies' && ++lists === 6)
        emu.server.faults.push({
          path: /^GET \/crm\/v3\/objects\/companies$/,
          status: 503,
          times: 2,
        });
    };
    const http = { sleep: recordingSleep().sleep, retry: { retries: 1, backoffMs: 1 } };
    const first: Event[] = [];
    await expect(
      pullCrm('hubspot', { out, env, http, onProgress: (...e) => first.push(e) }),
    ).rejects.toThrow('The pull stopped at companies page 6 (500 companies read)');
    expect(first).toEqual(pages('companies', 1200, 100).slice(0, 5));
    emu.server.onRequest = undefined;

    const second: Event[] = [];
    await pullCrm('hubspot', { out, env, http, onProgress: (...e) => second.push(e) });
    expect(second).toEqual([
      ...pages('companies', 1200, 100, 500),
      ...pages('deals', book.deals.length, 100),
      ...pages('tickets', book.tickets.length, 100),
      ...pages('contacts', book.contacts.length, 100),
    ]);
  });

  it('Salesforce: per batch of 2,000, of the totalSize its query reports', async () => {
    const book = crmBook({ companies: 4500, seed: 9 });
    const emu = new SalesforceEmulator(book);
    const url = await emu.start();
    const tmp = tempDir('icp-crm-progress-');
    stops.push(async () => {
      await emu.stop();
      tmp.remove();
    });
    const events: Event[] = [];
    await pullCrm('salesforce', {
      out: join(tmp.dir, 'crm'),
      env: { SF_INSTANCE_URL: url, SF_ACCESS_TOKEN: emu.accessToken },
      onProgress: (...e) => events.push(e),
    });
    const roles = [...book.dealContacts.values()].reduce((s, c) => s + c.length, 0);
    expect(events).toEqual([
      ...pages('Account', 4500, 2000),
      ...pages('Opportunity', book.deals.length, 2000),
      ...pages('Case', book.tickets.length, 2000),
      ...pages('Contact', book.contacts.length, 2000),
      ...pages('OpportunityContactRole', roles, 2000),
    ]);
  });
});
