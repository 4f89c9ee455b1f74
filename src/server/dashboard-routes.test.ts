import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCells, readCsv } from '../../test/support/read-csv.js';
import type { IcpDefinition } from '../core/icp/definition.js';
import { scoreRecord } from '../core/icp/score-record.js';
import { quoteLiteral } from '../core/sql/quote.js';
import { Database, str } from '../data/db/database.js';
import { writeIcp } from '../data/icp/icp-file.js';
import type { AuditResult } from '../pipeline/audit/audit.js';
import { audit } from '../pipeline/audit/audit-config.js';
import { type DashboardData, loadDashboardData } from '../pipeline/dashboard/dashboard-data.js';
import { discover } from '../pipeline/discover/discover-config.js';
import { generateWorld } from '../sample/generate-world.js';
import { WORLD_TODAY } from '../sample/planted-truth.js';
import { createApp } from './create-app.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-dashboard-'));
const config = join(dir, 'world', 'icp.config.yaml');
let icp: IcpDefinition;
let audited: AuditResult;
let data: DashboardData;

/** Company names that start like spreadsheet formulas, given to the first accounts. */
const FORMULA_NAMES = ['=HYPERLINK("http://x")', '-2+3', '@SUM(A1)'];

beforeAll(async () => {
  await generateWorld({ accounts: 1500, seed: 2, out: join(dir, 'world') });
  // The generated names hold no comma or quote: the second field of a row is its name.
  const accountsFile = join(dir, 'world', 'accounts.csv');
  const lines = readFileSync(accountsFile, 'utf8').split('\n');
  FORMULA_NAMES.forEach((name, i) => {
    const fields = lines[i + 1]!.split(',');
    fields[1] = `"${name.replaceAll('"', '""')}"`;
    lines[i + 1] = fields.join(',');
  });
  writeFileSync(accountsFile, lines.join('\n'));
  icp = await discover(config, { today: WORLD_TODAY });
  await writeIcp(join(dir, 'icp.json'), icp);
  audited = await audit(config, join(dir, 'icp.json'), { today: WORLD_TODAY });
  data = await loadDashboardData(config, icp, { today: WORLD_TODAY });
});
afterAll(() => {
  data?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Page {
  total: number;
  offset: number;
  limit: number;
  rows: Record<string, string | number | boolean | null>[];
}
const app = () => createApp({ icp, dashboard: data, webRoot: null });
const page = async (query: string): Promise<Page> => {
  const res = await app().request(`/api/accounts?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

describe('the dashboard routes (in-process)', () => {
  it('lists exactly the accounts the audit puts in each tier', async () => {
    const summary = data.summary;
    expect(summary.accounts).toBe(audited.tiers.reduce((s, t) => s + t.accounts, 0));
    for (const t of audited.tiers) {
      expect((await page(`tier=${t.tier}&limit=1`)).total).toBe(t.accounts);
    }
    const a = audited.tiers.find((t) => t.tier === 'A')!;
    expect(a.accounts).toBeGreaterThan(0);
    const first = await page('tier=A&limit=500');
    expect(first.rows).toHaveLength(Math.min(500, a.accounts));
    expect(new Set(first.rows.map((r) => r.tier))).toEqual(new Set(['A']));
    expect(summary.tiers).toEqual(audited.tiers);
  });

  it('sorts by any column, pages, and filters by text', async () => {
    const byScore = await page('sort=-score&limit=100');
    const scores = byScore.rows.map((r) => Number(r.score));
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
    const next = await page('sort=-score&limit=100&offset=100');
    expect(next.offset).toBe(100);
    expect(Number(next.rows[0]!.score)).toBeLessThanOrEqual(scores.at(-1)!);
    const byId = await page('sort=account_id&limit=20');
    const ids = byId.rows.map((r) => String(r.account_id));
    expect(ids).toEqual([...ids].sort());

    const industry = icp.scorecard!.attributes.find((x) => x.kind === 'categorical')!.name;
    const value = String(byId.rows[0]![industry]);
    const filtered = await page(`q=${encodeURIComponent(value.toUpperCase())}&limit=500`);
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.total).toBeLessThan(data.summary.accounts);
    for (const r of filtered.rows) {
      expect(Object.values(r).join(' ').toLowerCase()).toContain(value.toLowerCase());
    }
    const nothing = await page('q=no%20such%20text%20anywhere');
    expect(nothing).toEqual({ total: 0, offset: 0, limit: 50, rows: [] });
  });

  it('lists the accounts of each segment, as many as the summary says', async () => {
    expect(data.summary.segments.length).toBe(icp.segments.length + icp.anti_segments.length);
    for (const s of data.summary.segments) {
      expect((await page(`segment=${s.id}&limit=1`)).total).toBe(s.accounts);
    }
    expect(data.summary.segments.some((s) => s.accounts > 0)).toBe(true);
  });

  it('exports the selected accounts to CSV with a header row', async () => {
    const a = audited.tiers.find((t) => t.tier === 'A')!.accounts;
    const res = await app().request('/api/accounts.csv?tier=A&sort=-score');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="accounts-tier-A.csv"',
    );
    const csv = await readCsv(await res.text());
    expect(csv.rows).toBe(a);
    expect(csv.columns).toEqual(data.summary.columns.map((c) => (c.attribute ? c.label : c.key)));
    expect(csv.columns.slice(0, 3)).toEqual(['account_id', 'name', 'tier']);
  });

  it('scores an uploaded CSV as the library does, and refuses one over the limit', async () => {
    const leads = [
      { Industry: 'Fintech', Employees: '450', Region: 'Europe' },
      { Industry: 'Retail', Employees: '12', Region: 'North America' },
      { Industry: 'SaaS, B2B', Employees: '', Region: '' },
    ];
    const body = `Industry,Employees,Region\n${leads
      .map((l) =>
        [l.Industry, l.Employees, l.Region].map((v) => `"${v.replaceAll('"', '""')}"`).join(','),
      )
      .join('\n')}\n`;
    const res = await app().request('/api/score-csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body,
    });
    expect(res.status).toBe(200);
    const summary = JSON.parse(res.headers.get('x-icp-summary') ?? '') as {
      rows: number;
      tiers: Record<string, number>;
    };
    expect(summary.rows).toBe(3);
    const file = join(dir, 'scored-upload.csv');
    writeFileSync(file, await res.text());
    const db = await Database.open();
    const rows = await db.all(
      `SELECT "Industry", icp_tier, icp_score FROM read_csv(${quoteLiteral(file)}, header = true, all_varchar = true)`,
    );
    db.close();
    expect(rows.map((r) => str(r.Industry))).toEqual(leads.map((l) => l.Industry));
    rows.forEach((r, i) => {
      const lib = scoreRecord(icp, leads[i]!);
      expect(str(r.icp_tier)).toBe(lib.tier);
      expect(Number(r.icp_score)).toBeCloseTo(lib.score, 6);
    });

    const small = createApp({ icp, maxUploadBytes: 50, webRoot: null });
    const big = await small.request('/api/score-csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body,
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      error: {
        code: 'LIMIT',
        message:
          'the CSV is larger than 50 bytes. Score it with "icp score --icp icp.json --data FILE --out scored.csv" instead.',
      },
    });
    const empty = await small.request('/api/score-csv', { method: 'POST', body: '' });
    expect(empty.status).toBe(400);
  });

  it('neutralises spreadsheet formulas in the accounts CSV, leaves numbers, and keeps them with raw=true', async () => {
    const safe = await app().request('/api/accounts.csv?sort=account_id');
    expect(safe.headers.get('cache-control')).toBe('no-store');
    expect(safe.headers.get('x-content-type-options')).toBe('nosniff');
    const cells = await readCells(await safe.text());
    expect(cells.slice(0, 3).map((r) => r.name)).toEqual(FORMULA_NAMES.map((n) => `'${n}`));
    // No cell starts like a formula but plain numbers (net value is negative for some).
    const all = cells.flatMap((r) => Object.values(r));
    expect(all.filter((v) => /^[=+\-@\t\r]/.test(v) && !/^-[0-9.]+$/.test(v))).toEqual([]);
    expect(all.some((v) => /^-[0-9.]+$/.test(v))).toBe(true);
    const raw = await app().request('/api/accounts.csv?sort=account_id&raw=true');
    expect((await readCells(await raw.text())).slice(0, 3).map((r) => r.name)).toEqual(
      FORMULA_NAMES,
    );
    const bad = await app().request('/api/accounts.csv?raw=1');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: {
        code: 'USAGE',
        message:
          'raw: "1" is not true or false. Use raw=true to get cells exactly as they are (formulas not neutralised).',
      },
    });
  });

  it('neutralises formulas in a scored upload unless raw=true', async () => {
    const attribute = icp.scorecard!.attributes[0]!.name;
    const body = `"${attribute}",Note\n1,"=HYPERLINK(""x"")"\n2,-12.5\n3,+44 20 7946 0000\n`;
    const upload = (query: string) =>
      app().request(`/api/score-csv${query}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body,
      });
    const safe = await upload('');
    expect(safe.headers.get('cache-control')).toBe('no-store');
    expect((await readCells(await safe.text())).map((r) => r.Note)).toEqual([
      `'=HYPERLINK("x")`,
      '-12.5',
      `'+44 20 7946 0000`,
    ]);
    const raw = await upload('?raw=true');
    expect((await readCells(await raw.text())).map((r) => r.Note)).toEqual([
      '=HYPERLINK("x")',
      '-12.5',
      '+44 20 7946 0000',
    ]);
  });

  it('refuses an upload that is not a usable CSV with a 4xx naming the problem, never a server path', async () => {
    const attributes = icp.scorecard!.attributes.map((a) => JSON.stringify(a.name)).join(', ');
    const noColumns = (first: string) =>
      `none of the CSV's columns is an attribute of the ICP, so every row would score the same. Its first line is ${JSON.stringify(first)}; name the columns as the ICP's attributes (${attributes}), with a header row, commas between fields and quotes closed.`;
    const latin1 = new Uint8Array([...Buffer.from('x,y\nCaf'), 0xe9, ...Buffer.from(',1\n')]);
    const cases: [string, string | Uint8Array, string, number, string, string][] = [
      [
        'gzip',
        new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2]),
        'text/csv',
        400,
        'USAGE',
        'the upload is not a CSV file; it is gzip-compressed: decompress it and send the CSV inside.',
      ],
      [
        'xlsx',
        new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0]),
        'text/csv',
        400,
        'USAGE',
        'the upload is not a CSV file; it is a ZIP archive (an Excel .xlsx file is one): save the sheet as "CSV UTF-8" and send that.',
      ],
      [
        'utf-16',
        new Uint8Array([0xff, 0xfe, ...Buffer.from('Industry\n', 'utf16le')]),
        'text/csv',
        400,
        'USAGE',
        'the upload is not a CSV file; it is UTF-16 text: save it as UTF-8 ("CSV UTF-8") and send that.',
      ],
      [
        'binary',
        new Uint8Array([...Buffer.from('Industry\nFintech\n'), 0, 1, 2]),
        'text/csv',
        400,
        'USAGE',
        'the upload is not CSV text: byte 18 (line 3) is a NUL, so it is a binary file (or UTF-16 text). Send a CSV file saved as UTF-8, with a header row.',
      ],
      [
        'form',
        'Industry\nFintech\n',
        'multipart/form-data; boundary=x',
        400,
        'USAGE',
        'the body is a form (multipart/form-data). Send the CSV file itself as the body, with content-type text/csv.',
      ],
      [
        'json',
        '{"Industry": "Fintech"}',
        'application/json',
        422,
        'DATA',
        noColumns('{"Industry": "Fintech"}'),
      ],
      ['wrong columns', 'foo,bar\n1,2\n', 'text/csv', 422, 'DATA', noColumns('foo,bar')],
      ['not UTF-8, wrong columns', latin1, 'text/csv', 422, 'DATA', noColumns('x,y')],
      [
        'unclosed quote',
        'Industry,Employees\n"Fintech,12\n',
        'text/csv',
        422,
        'DATA',
        'upload.csv line 2: a quote opens there and never closes, so the file cannot be split into rows and fields. Close the quote, or write a quote inside a field twice ("").',
      ],
    ];
    for (const [name, body, type, status, code, message] of cases) {
      const res = await app().request('/api/score-csv', {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      const text = await res.text();
      expect({ name, status: res.status, body: JSON.parse(text) }).toEqual({
        name,
        status,
        body: { error: { code, message } },
      });
      expect(text).not.toContain(tmpdir());
    }
  });

  it('names the parameter and the fix when a query is wrong', async () => {
    const res = await app().request('/api/accounts?tier=E');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 'USAGE',
        message: 'tier: "E" is not a tier. Use one of A, B, C, D, unknown, disqualified.',
      },
    });
    const sort = await app().request('/api/accounts?sort=-password');
    expect(((await sort.json()) as { error: { message: string } }).error.message).toMatch(
      /^sort: "password" is not a column\. Use one of account_id, name, tier, score, /,
    );
    expect((await app().request('/api/accounts?limit=0')).status).toBe(400);
    expect((await app().request('/api/accounts?segment=s999')).status).toBe(400);
  });

  it('without --config shows the ICP only, and says how to add the accounts', async () => {
    const bare = createApp({ icp, webRoot: null });
    expect(await (await bare.request('/api/dashboard')).json()).toEqual({
      icp: { id: icp.id, name: icp.name },
      data: null,
      maxUploadBytes: 10 << 20,
    });
    const accounts = await bare.request('/api/accounts');
    expect(accounts.status).toBe(404);
    expect(await accounts.json()).toEqual({
      error: {
        code: 'USAGE',
        message:
          'no accounts are loaded: start the server with "icp serve --icp icp.json --config icp.config.yaml" to see them.',
      },
    });
    const page = await bare.request('/');
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('Run <code>npm run build</code>');
  });

  it('serves the built page and only its files, and guards the data with the API key', async () => {
    const web = join(dir, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(web, 'assets', 'index-abc.js'), 'console.log(1)');
    const served = createApp({ icp, dashboard: data, webRoot: web, apiKey: 'k' });
    const index = await served.request('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await index.text()).toBe('<!doctype html><title>t</title>');
    const js = await served.request('/assets/index-abc.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await served.request('/assets/../../package.json')).status).toBe(404);
    expect((await served.request('/api/accounts')).status).toBe(401);
    const ok = await served.request('/api/accounts?limit=1', {
      headers: { authorization: 'Bearer k' },
    });
    expect(ok.status).toBe(200);
    const report = await served.request('/api/report', {
      headers: { authorization: 'Bearer k' },
    });
    expect(await report.text()).toBe(data.reportHtml);
    expect(data.reportHtml).toContain('<h1>ICP report');
  });
});
