import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcpDefinition } from '../src/core/icp/definition.js';
import { scoreRecord } from '../src/core/icp/score-record.js';
import { type DashboardData, loadDashboardData } from '../src/pipeline/dashboard/dashboard-data.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { startServer } from '../src/server/start-server.js';
import { launchBrowser } from './support/browser.js';

/**
 * The dashboard of `icp serve --config` in a real headless Chromium (the one inside the
 * `@sparticuz/chromium` npm package, see test/support/browser.ts): built from web/ with Vite
 * into a temporary folder, served on a loopback port over a generated world. No console error,
 * no failed request; click a tier, sort, filter, download the CSV, score a lead, upload a CSV. Screenshots go to test-artifacts/.
 */
const ARTIFACTS = resolve('test-artifacts');
const dir = mkdtempSync(join(tmpdir(), 'icp-dashboard-browser-'));
const web = join(dir, 'web');
let browser: Browser;
let icp: IcpDefinition;
let data: DashboardData;
let full: Awaited<ReturnType<typeof startServer>>;
let bare: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  // First: a browser that cannot start fails the run at once, saying why.
  browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  // A fresh build of web/: the test sees the sources as they are, not an old dist/web.
  await build({
    configFile: resolve('web/vite.config.ts'),
    build: { outDir: web, emptyOutDir: true },
    logLevel: 'silent',
  });
  const world = join(dir, 'world');
  await generateWorld({ accounts: 1500, seed: 1, out: world });
  icp = await discover(join(world, 'icp.config.yaml'), { today: WORLD_TODAY });
  data = await loadDashboardData(join(world, 'icp.config.yaml'), icp, { today: WORLD_TODAY });
  full = await startServer({ icp, dashboard: data, port: 0, webRoot: web });
  bare = await startServer({ icp, port: 0, webRoot: web });
});
afterAll(async () => {
  await browser?.close();
  await full?.close();
  await bare?.close();
  data?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Watched {
  readonly page: Page;
  readonly problems: string[];
}

/** A page that records console errors and warnings, page errors, and failed requests. */
async function open(url: string, width = 1280): Promise<Watched> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

const apiTotal = async (query: string): Promise<number> =>
  ((await (await fetch(`${full.url}/api/accounts?${query}&limit=1`)).json()) as { total: number })
    .total;

/** The little of the DOM the page functions below touch (this tsconfig has no DOM types). */
interface Dom {
  readonly document: {
    querySelector(selector: string): {
      getAttribute(name: string): string | null;
      readonly contentDocument?: { querySelector(selector: string): unknown } | null;
    } | null;
    readonly documentElement: { readonly scrollWidth: number };
  };
}

const shownTotal = (page: Page, total: number) =>
  page.waitForFunction(
    (n) =>
      (globalThis as unknown as Dom).document
        .querySelector('#accounts .status')
        ?.getAttribute('data-total') === String(n),
    total,
  );

describe('the dashboard in headless Chromium', () => {
  it('clicks through tier A, sorts, filters, downloads, scores a lead and a CSV', async () => {
    const { page, problems } = await open(full.url);
    await page.waitForSelector('#tiers tr[data-tier="A"] button');
    await page.waitForSelector('#report-frame');
    await page.waitForFunction(() =>
      Boolean(
        (globalThis as unknown as Dom).document
          .querySelector('#report-frame')
          ?.contentDocument?.querySelector('h1'),
      ),
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-overview.png'), fullPage: false });

    // Tier A: as many accounts as the audit counts.
    const tierA = data.summary.tiers.find((t) => t.tier === 'A')!.accounts;
    expect(tierA).toBeGreaterThan(0);
    await page.click('#tiers tr[data-tier="A"] button');
    await shownTotal(page, tierA);
    expect(await page.textContent('#accounts-title')).toBe('Accounts in tier A');
    expect(await page.locator('#accounts tbody tr').count()).toBe(Math.min(50, tierA));
    expect(
      new Set(await page.locator('#accounts tbody tr td:nth-child(3)').allTextContents()),
    ).toEqual(new Set(['A']));

    // Sort by net value, largest first: the first row is the API's first.
    await page.click('#accounts th button[data-column="net_value"]');
    await page.waitForSelector(
      '#accounts th[aria-sort="descending"] button[data-column="net_value"]',
    );
    const top = (await (
      await fetch(`${full.url}/api/accounts?tier=A&sort=-net_value&limit=1`)
    ).json()) as { rows: { account_id: string }[] };
    expect(await page.textContent('#accounts tbody tr:first-child td:first-child')).toBe(
      top.rows[0]!.account_id,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-tier-a.png'), fullPage: false });

    // Filter by an industry seen in the first row.
    const attr = icp.scorecard!.attributes.find((a) => a.kind === 'categorical')!.name;
    const column = data.summary.columns.findIndex((c) => c.key === attr);
    const value = (await page.textContent(
      `#accounts tbody tr:first-child td:nth-child(${column + 1})`,
    ))!;
    await page.fill('#accounts input[type="search"]', value);
    const filtered = await apiTotal(`tier=A&q=${encodeURIComponent(value)}`);
    expect(filtered).toBeGreaterThan(0);
    await shownTotal(page, filtered);

    // Download what is shown: the header and one line per account.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#export-csv'),
    ]);
    expect(download.suggestedFilename()).toBe('accounts-tier-A.csv');
    const saved = join(ARTIFACTS, 'dashboard-accounts-tier-A.csv');
    await download.saveAs(saved);
    const lines = readFileSync(saved, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(filtered + 1);
    expect(lines[0]!.startsWith('account_id,name,tier,score,')).toBe(true);

    // Score a lead through the form: the library's tier and one reason per attribute.
    const lead: Record<string, string> = {};
    for (const a of icp.scorecard!.attributes) {
      if (a.kind === 'categorical') {
        const best = a.bins.reduce((x, y) => (y.points > x.points ? y : x));
        if (best.bin.kind === 'categories') lead[a.name] = best.bin.values[0]!;
      } else if (a.range) {
        lead[a.name] = String(Math.round((a.range.min + a.range.max) / 2));
      }
    }
    for (const [name, v] of Object.entries(lead)) {
      await page.fill(`#score-form input[name="${name}"]`, v);
    }
    await page.click('#score-form button[type="submit"]');
    await page.waitForSelector('#score-result .tier');
    const expected = scoreRecord(icp, lead);
    expect(await page.getAttribute('#score-result .tier', 'data-tier')).toBe(expected.tier);
    expect(await page.locator('#score-result tbody tr').count()).toBe(
      icp.scorecard!.attributes.length + (icp.scorecard!.interactions?.length ?? 0),
    );
    expect(await page.textContent('#score-result .verdict')).toContain(
      `${expected.score.toFixed(1)} points`,
    );
    // The strongest reasons for and against, the same texts as the library's.
    expect(await page.locator('#score-reasons li').allTextContents()).toEqual(
      [...expected.topPositive, ...expected.topNegative].map((r) => r.text),
    );
    await page.locator('#score').screenshot({ path: join(ARTIFACTS, 'dashboard-score.png') });
    // An empty lead: tier unknown, and what is missing.
    for (const name of Object.keys(lead)) await page.fill(`#score-form input[name="${name}"]`, '');
    await page.click('#score-form button[type="submit"]');
    await page.waitForSelector('#score-result .tier[data-tier="unknown"]');
    expect(await page.textContent('#score-unknown')).toBe(
      `Tier unknown: ${scoreRecord(icp, {}).unknownReason}.`,
    );

    // Upload a CSV of three leads and get the scored file back.
    await page.setInputFiles('#upload-file', {
      name: 'leads.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Industry,Employees,Region\nFintech,450,Europe\nRetail,12,North America\n"SaaS, B2B",,\n',
      ),
    });
    await page.click('#upload-form button[type="submit"]');
    await page.waitForSelector('#upload-download');
    expect(await page.textContent('#upload-result .verdict')).toMatch(/^3 rows scored: A \d+, B/);
    const [scored] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#upload-download'),
    ]);
    expect(scored.suggestedFilename()).toBe('leads-scored.csv');
    const scoredPath = join(ARTIFACTS, 'dashboard-leads-scored.csv');
    await scored.saveAs(scoredPath);
    expect(readFileSync(scoredPath, 'utf8').split('\n')[0]).toContain('icp_tier');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-full.png'), fullPage: true });
    await page.locator('#report').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-report.png') });

    // A segment: its accounts, as many as the summary says.
    const segment = data.summary.segments.find((s) => s.accounts > 0);
    if (segment) {
      await page.fill('#accounts input[type="search"]', '');
      await page.click(`#segments tr[data-segment="${segment.id}"] button`);
      await shownTotal(page, segment.accounts);
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reads on a phone', async () => {
    const { page, problems } = await open(full.url, 390);
    await page.waitForSelector('#tiers tr[data-tier="A"] button');
    await page.click('#tiers tr[data-tier="B"] button');
    await shownTotal(page, data.summary.tiers.find((t) => t.tier === 'B')!.accounts);
    // Wide tables scroll inside their card; the page itself does not.
    expect(
      await page.evaluate(
        () => (globalThis as unknown as Dom).document.documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-phone.png'), fullPage: false });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('without --config shows the ICP and the score form, and says what --config adds', async () => {
    const { page, problems } = await open(bare.url);
    await page.waitForSelector('#no-data');
    expect(await page.textContent('#no-data')).toContain(
      'icp serve --icp icp.json --config icp.config.yaml',
    );
    expect(await page.locator('#tiers').count()).toBe(0);
    expect(await page.locator('#score-form').count()).toBe(1);
    expect(await page.locator('#icp').count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-no-config.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});
