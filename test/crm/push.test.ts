import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullCrm } from '../../src/pipeline/crm/pull.js';
import { pushScores } from '../../src/pipeline/crm/push.js';
import { scoreAccounts } from '../../src/pipeline/crm/score-accounts.js';
import { discover } from '../../src/pipeline/discover/discover-config.js';
import { icp } from '../support/icp-cli.js';
import { crmBook } from './crm-book.js';
import { HUBSPOT_TOKEN, HubSpotEmulator } from './hubspot-emulator.js';
import { parseCsv } from './import-rules.js';
import { SalesforceEmulator, sfId } from './salesforce-emulator.js';
import { credentialsFile, tempDir } from './support.js';

const N = 3000;
const book = crmBook({ companies: N, seed: 17 });
const tmp = tempDir('icp-crm-push-');
afterAll(() => tmp.remove());
const n = (x: number) => x.toLocaleString('en-US');

/** The report's lines, parsed. */
const reportLines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('icp push hubspot', () => {
  let emu: HubSpotEmulator;
  let creds: string;
  let scored: string;
  let icpPath: string;
  let rows: string[][];
  beforeAll(async () => {
    emu = new HubSpotEmulator(book);
    const url = await emu.start();
    creds = credentialsFile(tmp.dir, { HUBSPOT_TOKEN, HUBSPOT_BASE_URL: url });
    const out = join(tmp.dir, 'hubspot');
    await pullCrm('hubspot', { out, env: { HUBSPOT_TOKEN, HUBSPOT_BASE_URL: url } });
    icpPath = join(out, 'icp.json');
    await discover(join(out, 'icp.config.yaml'), { out: icpPath, registry: false });
    scored = join(tmp.dir, 'hubspot-scored.csv');
    const r = await icp(
      'score',
      '--icp',
      icpPath,
      '--data',
      join(out, 'accounts.parquet'),
      '--out',
      scored,
    );
    expect(r.status).toBe(0);
    rows = parseCsv(readFileSync(scored, 'utf8'));
  });
  afterAll(() => emu.stop());

  const column = (name: string) => rows[0]!.indexOf(name);
  const tierCounts = () => {
    const counts = new Map<string, number>();
    for (const row of rows.slice(1))
      counts.set(row[column('icp_tier')]!, (counts.get(row[column('icp_tier')]!) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  };
  const examples = () =>
    rows
      .slice(1, 11)
      .map(
        (row) =>
          `  ${row[column('account_id')]}: (none) -> ${row[column('icp_tier')]} ((none) -> ${Number(row[column('icp_score')]).toFixed(1)})`,
      );

  it('a dry run says what would change and writes nothing to HubSpot', async () => {
    const report = join(tmp.dir, 'dry.ndjson');
    const r = await icp(
      'push',
      'hubspot',
      '--icp',
      icpPath,
      '--scored',
      scored,
      '--credentials',
      creds,
      '--report',
      report,
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      `Dry run: ${n(N)} of ${n(N)} records would change in HubSpot; nothing was written (add --apply to write them).`,
      'Would create the properties icp_score, icp_tier, icp_reasons, icp_id.',
      `Tier changes: ${tierCounts()
        .map(([t, c]) => `(none) -> ${t} ${n(c)}`)
        .join(', ')}.`,
      ...examples(),
      `  ... and ${n(N - 10)} more.`,
      `Report: ${report}.`,
      // Only the properties: with none of the fields, there are no current values to read.
      `1 API call (HubSpot daily usage ${n(emu.dailyUsed)} of 500,000).`,
      '',
    ]);
    expect(emu.updates.size).toBe(0);
    expect(emu.properties.get('companies')!.some((p) => p.name === 'icp_score')).toBe(false);
    const lines = reportLines(report);
    expect(lines[0]).toMatchObject({
      type: 'plan',
      vendor: 'hubspot',
      records: N,
      changed: N,
      apply: false,
    });
    expect(lines.filter((l) => l.type === 'would update')).toHaveLength(N);
  });

  it('--apply creates the property group and properties, writes every record once; run again, writes none', async () => {
    const before = emu.dailyUsed;
    const r = await icp(
      'push',
      'hubspot',
      '--icp',
      icpPath,
      '--scored',
      scored,
      '--credentials',
      creds,
      '--apply',
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = join(tmp.dir, 'hubspot-push-report.ndjson');
    // properties, group check and create, 4 properties, 30 batches (no values to read yet).
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      `Updated ${n(N)} of ${n(N)} changed records in HubSpot (${n(N)} in the file; the other 0 already held these values).`,
      'Created the properties icp_score, icp_tier, icp_reasons, icp_id.',
    ]);
    expect(r.stdout.split('\n').slice(-3)).toEqual([
      `Report: ${report}.`,
      `37 API calls (HubSpot daily usage ${n(before + 37)} of 500,000).`,
      '',
    ]);
    expect(emu.groups.has('icp_engine')).toBe(true);
    expect(
      emu.properties
        .get('companies')!
        .filter((p) => p.groupName === 'icp_engine')
        .map((p) => [p.name, p.type, p.fieldType]),
    ).toEqual([
      ['icp_score', 'number', 'number'],
      ['icp_tier', 'string', 'text'],
      ['icp_reasons', 'string', 'textarea'],
      ['icp_id', 'string', 'text'],
    ]);
    expect([...emu.updates.values()].every((v) => v === 1)).toBe(true);
    expect(emu.updates.size).toBe(N);
    const id = JSON.parse(readFileSync(icpPath, 'utf8')).id as string;
    const first = rows[1]!;
    expect(emu.company(first[column('account_id')]!).props).toMatchObject({
      icp_score: String(Number(Number(first[column('icp_score')]).toFixed(1))),
      icp_tier: first[column('icp_tier')],
      icp_reasons: first[column('icp_reasons')],
      icp_id: id,
    });
    const again = await icp(
      'push',
      'hubspot',
      '--icp',
      icpPath,
      '--scored',
      scored,
      '--credentials',
      creds,
      '--apply',
    );
    expect(again.stdout.split('\n')[0]).toBe(
      `Updated 0 of 0 changed records in HubSpot (${n(N)} in the file; the other ${n(N)} already held these values).`,
    );
    expect(emu.server.count(/batch\/update$/)).toBe(30);
  });

  it('lists every record HubSpot refuses with its message (exit 3), the others written', async () => {
    const edited = join(tmp.dir, 'edited.csv');
    // Two rows now score differently (their tier says E, as if edited), one was deleted in HubSpot.
    const lines = rows.map((row, i) =>
      i >= 1 && i <= 3 ? row.map((v, k) => (k === column('icp_tier') ? 'E' : v)) : row,
    );
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      edited,
      `${lines.map((row) => row.map((v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',')).join('\n')}\n`,
    );
    const gone = rows[2]![column('account_id')]!;
    emu.archive('companies', gone);
    const r = await icp(
      'push',
      'hubspot',
      '--icp',
      icpPath,
      '--scored',
      edited,
      '--credentials',
      creds,
      '--apply',
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(
      `icp: HubSpot refused 1 record; ${join(tmp.dir, 'hubspot-push-report.ndjson')} lists each with its message. The others were written.\n`,
    );
    const out = r.stdout.split('\n');
    expect(out[0]).toBe(
      `Updated 2 of 3 changed records in HubSpot (${n(N)} in the file; the other ${n(N - 3)} already held these values).`,
    );
    expect(out.slice(out.indexOf("1 record failed (HubSpot's message):"), -3)).toEqual([
      "1 record failed (HubSpot's message):",
      `  ${gone}: OBJECT_NOT_FOUND: Could not get some COMPANY objects, they may be deleted or not exist. Check that ids are valid.`,
    ]);
    const report = reportLines(join(tmp.dir, 'hubspot-push-report.ndjson'));
    expect(report.filter((l) => l.type === 'failed')).toEqual([
      {
        type: 'failed',
        id: gone,
        message:
          'OBJECT_NOT_FOUND: Could not get some COMPANY objects, they may be deleted or not exist. Check that ids are valid.',
      },
    ]);
    expect(report.at(-1)).toEqual({ type: 'done', updated: 2, failed: 1 });
  });

  it('says which scope is missing when it may not create the properties, or when told not to; exit 2', async () => {
    const fresh = new HubSpotEmulator(book);
    const url = await fresh.start();
    try {
      const c = credentialsFile(tmp.dir, { HUBSPOT_TOKEN, HUBSPOT_BASE_URL: url });
      fresh.schemaWrites = false;
      const r = await icp(
        'push',
        'hubspot',
        '--icp',
        icpPath,
        '--scored',
        scored,
        '--credentials',
        c,
        '--apply',
      );
      expect(r).toEqual({
        status: 2,
        stdout: '',
        stderr: `icp: HubSpot refused POST /crm/v3/properties/companies/groups: HTTP 403 MISSING_SCOPES ("This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes."). Creating icp_score, icp_tier, icp_reasons, icp_id needs the crm.schemas.companies.write scope on the private app: grant it, or create the fields as docs/crm.md shows.\n`,
      });
      const no = await icp(
        'push',
        'hubspot',
        '--icp',
        icpPath,
        '--scored',
        scored,
        '--credentials',
        c,
        '--apply',
        '--no-create-fields',
      );
      expect(no.stderr).toBe(
        'icp: HubSpot has no icp_score, icp_tier, icp_reasons, icp_id on companies. Create them as docs/crm.md shows, or run without --no-create-fields.\n',
      );
      expect(fresh.updates.size).toBe(0);
    } finally {
      await fresh.stop();
    }
  });
});

describe('icp push salesforce', () => {
  it('creates the custom fields, writes changed accounts; a run stopped halfway says what it wrote and the next writes only the rest', async () => {
    const emu = new SalesforceEmulator(book);
    const url = await emu.start();
    try {
      const env = { SF_INSTANCE_URL: url, SF_ACCESS_TOKEN: emu.accessToken };
      const out = join(tmp.dir, 'salesforce');
      await pullCrm('salesforce', { out, env });
      const config = join(out, 'icp.config.yaml');
      const found = await discover(config, { out: join(out, 'icp.json'), registry: false });
      const scored = await scoreAccounts(config, found, join(out, 'scored.parquet'));
      expect(scored.rows).toBe(N);
      let patches = 0;
      emu.server.onRequest = (method) => {
        if (method === 'PATCH' && ++patches === 3) emu.expireSessions();
      };
      const report = join(out, 'report.ndjson');
      await expect(
        pushScores('salesforce', { icp: found, scored: scored.out, env, apply: true, report }),
      ).rejects.toThrow(
        `Salesforce refused the access token in SF_ACCESS_TOKEN (from the environment): HTTP 401 INVALID_SESSION_ID: "Session expired or invalid". It has expired or was revoked: set a fresh SF_ACCESS_TOKEN (e.g. from "sf org display"), or set SF_REFRESH_TOKEN and SF_CLIENT_ID so the connector renews it, in the environment. 400 of 3,000 records were updated before it stopped; ${report} lists them. Run the command again to write the rest (only records whose values differ are written).`,
      );
      const lines = reportLines(report);
      const updated = lines.filter((l) => l.type === 'updated').map((l) => l.id);
      expect(updated).toHaveLength(400);
      expect(new Set(updated)).toEqual(new Set(emu.updates.keys()));
      expect(lines.at(-1)).toMatchObject({ type: 'stopped' });
      emu.server.onRequest = undefined;
      emu.accessTokens.add('00D5g000004TEST!AQ0AQfresh');
      emu.remove(sfId('Account', N - 1));
      const fresh = { SF_INSTANCE_URL: url, SF_ACCESS_TOKEN: '00D5g000004TEST!AQ0AQfresh' };
      const r = await pushScores('salesforce', {
        icp: found,
        scored: scored.out,
        env: fresh,
        apply: true,
        report,
      });
      expect([r.changed, r.updated, r.failed]).toEqual([
        N - 400,
        N - 401,
        [{ id: sfId('Account', N - 1), message: 'ENTITY_IS_DELETED: entity is deleted' }],
      ]);
      expect(r.fieldsCreated).toEqual([]);
      expect(emu.updates.size).toBe(N - 1);
      expect([...emu.updates.values()].every((v) => v === 1)).toBe(true);
      // Created through the Tooling API before the first write.
      expect(emu.server.count(/^POST .*\/tooling\/sobjects\/CustomField$/)).toBe(4);
      expect(emu.record(sfId('Account', 0))).toMatchObject({ ICP_Id__c: found.id });
    } finally {
      await emu.stop();
    }
  });
});
