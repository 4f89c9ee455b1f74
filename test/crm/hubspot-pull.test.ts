import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pullCrm } from '../../src/pipeline/crm/pull.js';
import { icp } from '../support/icp-cli.js';
import { crmBook } from './crm-book.js';
import { HUBSPOT_TOKEN, HubSpotEmulator } from './hubspot-emulator.js';
import { credentialsFile, query, tempDir } from './support.js';

const book = crmBook({ companies: 1200, seed: 5 });
const closed = book.deals.filter((d) => d.outcome !== 'open');
let emu: HubSpotEmulator;
let url: string;
let tmp: ReturnType<typeof tempDir>;
let creds: string;

beforeEach(async () => {
  emu = new HubSpotEmulator(book);
  url = await emu.start();
  tmp = tempDir('icp-hubspot-pull-');
  creds = credentialsFile(tmp.dir, { HUBSPOT_TOKEN, HUBSPOT_BASE_URL: url });
});
afterEach(async () => {
  await emu.stop();
  tmp.remove();
});

const squash = (s: string) => s.split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
const n = (x: number) => x.toLocaleString('en-US');

describe('icp pull hubspot', () => {
  it('reads every object into canonical Parquet files and a config that loads without warnings', async () => {
    const out = join(tmp.dir, 'crm');
    const r = await icp(
      'pull',
      'hubspot',
      '--out',
      out,
      '--fields',
      'region',
      '--credentials',
      creds,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const links = [...book.dealContacts.values()].reduce((s, c) => s + c.length, 0);
    const pages = (k: number) => Math.ceil(k / 100);
    // Per object its properties and a count, the deal pipelines, the pages, and per page of
    // deals two association reads, of tickets one.
    const calls =
      4 * 2 +
      1 +
      pages(1200) +
      pages(book.deals.length) * 3 +
      pages(book.tickets.length) * 2 +
      pages(book.contacts.length);
    expect(squash(r.stdout)).toEqual([
      `Pulled from HubSpot into ${out} (every record):`,
      `companies ${n(1200)} read accounts.parquet ${n(1200)} rows`,
      `deals ${n(book.deals.length)} read deals.parquet ${n(book.deals.length)} rows`,
      `tickets ${n(book.tickets.length)} read tickets.parquet ${n(book.tickets.length)} rows`,
      `contacts ${n(book.contacts.length)} read contacts.parquet ${n(book.contacts.length)} rows`,
      `Config: ${out}/icp.config.yaml (target: deals won). Next: icp discover --config ${out}/icp.config.yaml --out ${out}/icp.json (where icp sync looks for it)`,
      `${n(calls)} API calls (HubSpot daily usage ${n(calls)} of 500,000).`,
      '',
    ]);
    // Won and lost come from the pipelines' metadata, the custom pipeline's numeric ids too.
    const stages = await query(
      out,
      "SELECT pipeline, stage, count(*) AS n FROM '{dir}/deals.parquet' GROUP BY ALL ORDER BY ALL",
    );
    const count = (p: 'sales' | 'renewal', o: string) =>
      book.deals.filter((d) => d.pipeline === p && d.outcome === o).length;
    expect(stages.map((s) => [s.pipeline, s.stage, Number(s.n)])).toEqual([
      ['Renewals', 'lost', count('renewal', 'lost')],
      ['Renewals', 'open', count('renewal', 'open')],
      ['Renewals', 'won', count('renewal', 'won')],
      ['Sales Pipeline', 'lost', count('sales', 'lost')],
      ['Sales Pipeline', 'open', count('sales', 'open')],
      ['Sales Pipeline', 'won', count('sales', 'won')],
    ]);
    const [deal] = await query(
      out,
      `SELECT * FROM '{dir}/deals.parquet' WHERE deal_id = '${9_000_000_000 + closed[0]!.key}'`,
    );
    expect(deal).toMatchObject({
      account_id: String(5_000_000_000 + closed[0]!.companyKey),
      created_at: new Date(closed[0]!.createdAt).toISOString().slice(0, 10),
      closed_at: new Date(closed[0]!.closedAt!).toISOString().slice(0, 10),
      amount: closed[0]!.amount,
    });
    const [accounts] = await query(
      out,
      `SELECT count(*) AS n, count(DISTINCT account_id) AS ids, count(*) FILTER (WHERE region = 'North America') AS na,
        count(*) FILTER (WHERE industry = 'Fintech') AS fintech FROM '{dir}/accounts.parquet'`,
    );
    expect(accounts).toEqual({
      n: '1200',
      ids: '1200',
      na: String(book.companies.filter((c) => c.region === 'NA').length),
      fintech: String(book.companies.filter((c) => c.industry === 'Fintech').length),
    });
    const [people] = await query(
      out,
      "SELECT (SELECT count(*) FROM '{dir}/deal_contacts.parquet') AS links, (SELECT count(*) FROM '{dir}/contacts.parquet' WHERE role = 'Decision maker') AS deciders",
    );
    expect(people).toEqual({
      links: String(links),
      deciders: String(book.contacts.filter((c) => c.role === 'Decision Maker').length),
    });
    const check = await icp('check', '--config', join(out, 'icp.config.yaml'));
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(check.stdout).not.toContain('warning');
    expect(readFileSync(join(out, 'icp.config.yaml'), 'utf8')).toContain(
      '# HubSpot deal pipeline "Renewals": Renewal Due = open, Renewed = won, Churned = lost\n',
    );
    expect(existsSync(join(out, '.icp-pull'))).toBe(false);
  });

  it('reads only what changed since the last pull and merges it without duplicates', async () => {
    const out = join(tmp.dir, 'crm');
    const env = { HUBSPOT_TOKEN, HUBSPOT_BASE_URL: url };
    await pullCrm('hubspot', { out, env });
    const open = book.deals.find((d) => d.outcome === 'open')!;
    emu.edit('companies', '5000000003', { industry: 'RETAIL', numberofemployees: '77' });
    emu.edit('companies', '5000000004', { name: 'Renamed GmbH' });
    emu.edit('deals', String(9_000_000_000 + open.key), {
      dealstage: 'closedwon',
      closedate: '2026-07-01T00:00:00.000Z',
    });
    const before = emu.server.log.length;
    const r = await pullCrm('hubspot', { out, env });
    expect(r.mode).toBe('incremental');
    expect(r.objects.map((o) => [o.name, o.read, o.rows])).toEqual([
      ['companies', 2, 1200],
      ['deals', 1, book.deals.length],
      ['tickets', 0, book.tickets.length],
      ['contacts', 0, book.contacts.length],
    ]);
    // Searches on the last-modified date only: no listing of every record.
    expect(
      emu.server.log
        .slice(before)
        .filter((l) => l.method === 'GET' && l.path.startsWith('/crm/v3/objects/')),
    ).toEqual([]);
    const rows = await query(
      out,
      "SELECT account_id, name, industry, employees FROM '{dir}/accounts.parquet' WHERE account_id IN ('5000000003', '5000000004') ORDER BY 1",
    );
    expect(rows).toEqual([
      {
        account_id: '5000000003',
        name: book.companies[3]!.name,
        industry: 'Retail',
        employees: '77',
      },
      {
        account_id: '5000000004',
        name: 'Renamed GmbH',
        industry: book.companies[4]!.industry,
        employees:
          book.companies[4]!.employees === null ? null : String(book.companies[4]!.employees),
      },
    ]);
    const [deal] = await query(
      out,
      `SELECT stage, closed_at, (SELECT count(*) FROM '{dir}/deals.parquet') AS n, (SELECT count(DISTINCT deal_id) FROM '{dir}/deals.parquet') AS ids FROM '{dir}/deals.parquet' WHERE deal_id = '${9_000_000_000 + open.key}'`,
    );
    expect(deal).toEqual({
      stage: 'won',
      closed_at: '2026-07-01',
      n: String(book.deals.length),
      ids: String(book.deals.length),
    });
    const [links] = await query(out, "SELECT count(*) AS n FROM '{dir}/deal_contacts.parquet'");
    expect(links!.n).toBe(
      String([...book.dealContacts.values()].reduce((s, c) => s + c.length, 0)),
    );
  });

  it('reads everything again with --full, and when --fields changes (saying so)', async () => {
    const out = join(tmp.dir, 'crm');
    await icp('pull', 'hubspot', '--out', out, '--credentials', creds);
    const changed = await icp(
      'pull',
      'hubspot',
      '--out',
      out,
      '--credentials',
      creds,
      '--fields',
      'region',
    );
    expect(changed.stderr).toBe(
      'icp pull: --fields changed since the last pull (none): reading every record again.\n',
    );
    expect(changed.stdout.split('\n')[0]).toBe(`Pulled from HubSpot into ${out} (every record):`);
    const full = await icp(
      'pull',
      'hubspot',
      '--out',
      out,
      '--credentials',
      creds,
      '--fields',
      'region',
      '--full',
    );
    expect(full.stdout.split('\n')[1]!.replace(/\s+/g, ' ')).toBe(
      ' companies 1,200 read accounts.parquet 1,200 rows',
    );
    // The same records give byte-identical files.
    const again = join(tmp.dir, 'again');
    await icp('pull', 'hubspot', '--out', again, '--credentials', creds, '--fields', 'region');
    for (const f of ['accounts', 'deals', 'tickets', 'contacts', 'deal_contacts', 'crm_icp'])
      expect(
        readFileSync(join(again, `${f}.parquet`)).equals(readFileSync(join(out, `${f}.parquet`))),
      ).toBe(true);
    expect(readFileSync(join(again, 'icp.config.yaml'), 'utf8')).toBe(
      readFileSync(join(out, 'icp.config.yaml'), 'utf8'),
    );
  });

  it('keeps a config edited since the pull wrote it, and says so', async () => {
    const out = join(tmp.dir, 'crm');
    const env = { HUBSPOT_TOKEN, HUBSPOT_BASE_URL: url };
    await pullCrm('hubspot', { out, env });
    const config = join(out, 'icp.config.yaml');
    const edited = readFileSync(config, 'utf8').replace('kind: won', 'kind: retained');
    writeFileSync(config, edited);
    const notes: string[] = [];
    await pullCrm('hubspot', { out, env, onNote: (t) => notes.push(t) });
    expect(notes).toEqual([
      `kept ${config}: it was edited (or not written by a pull). Delete it to get the config this pull would write.`,
    ]);
    expect(readFileSync(config, 'utf8')).toBe(edited);
    rmSync(config);
    await pullCrm('hubspot', { out, env });
    expect(readFileSync(config, 'utf8')).toContain('kind: won');
  });

  it('warns of deals in a stage no pipeline defines, counted as open', async () => {
    const out = join(tmp.dir, 'crm');
    const deal = book.deals.find((d) => d.outcome === 'won')!;
    emu.edit('deals', String(9_000_000_000 + deal.key), { dealstage: 'retiredstage' });
    const r = await icp('pull', 'hubspot', '--out', out, '--credentials', creds);
    const pipeline = deal.pipeline === 'renewal' ? '98765432' : 'default';
    expect(r.stderr).toBe(
      `warning: 1 deal is in stage "retiredstage" of pipeline "${pipeline}", which no deal pipeline defines: counted as open.\n`,
    );
    const [row] = await query(
      out,
      `SELECT stage, stage_label, closed_at FROM '{dir}/deals.parquet' WHERE deal_id = '${9_000_000_000 + deal.key}'`,
    );
    expect(row).toEqual({ stage: 'open', stage_label: 'retiredstage', closed_at: null });
  });

  it('names an unknown property with the one meant, and a missing token with its variable; exit 2', async () => {
    const out = join(tmp.dir, 'crm');
    const typo = await icp(
      'pull',
      'hubspot',
      '--out',
      out,
      '--fields',
      'regoin',
      '--credentials',
      creds,
    );
    expect(typo).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: --fields regoin: HubSpot companies has no field "regoin". Did you mean "region"? Name company properties by their internal name (Settings > Properties > the property's details).\n`,
    });
    const none = credentialsFile(tmp.dir, { HUBSPOT_BASE_URL: url });
    const r = await icp('pull', 'hubspot', '--out', out, '--credentials', none);
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: HubSpot needs a private app access token: set HUBSPOT_TOKEN in ${none} (or in the environment). Create one in HubSpot under Settings > Integrations > Private Apps with the scopes docs/crm.md lists.\n`,
    });
    expect(existsSync(join(out, 'accounts.parquet'))).toBe(false);
  });
});
