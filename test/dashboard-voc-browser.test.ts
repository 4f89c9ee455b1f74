import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardData, loadDashboardData } from '../src/pipeline/dashboard/dashboard-data.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { startServer } from '../src/server/start-server.js';
import { launchBrowser } from './support/browser.js';

/**
 * The dashboard's Voice of the customer card in headless Chromium (as test/dashboard-browser.test.ts):
 * the ICP's pain points and the bad fit's themes with their quotes, a click on a theme lists
 * exactly the accounts raising it, roadmap dilution and the funnel by tier are shown as the
 * audit measured them. No console error, no failed request.
 */
const ARTIFACTS = resolve('test-artifacts');
const dir = mkdtempSync(join(tmpdir(), 'icp-dashboard-voc-'));
const web = join(dir, 'web');
let browser: Browser;
let data: DashboardData;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  await build({
    configFile: resolve('web/vite.config.ts'),
    build: { outDir: web, emptyOutDir: true },
    logLevel: 'silent',
  });
  const world = join(dir, 'world');
  await generateWorld({ accounts: 2000, seed: 1, out: world });
  const config = join(world, 'icp.config.yaml');
  const icp = await discover(config, { today: WORLD_TODAY, registry: false });
  data = await loadDashboardData(config, icp, { today: WORLD_TODAY });
  server = await startServer({ icp, dashboard: data, port: 0, webRoot: web });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  data?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
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

describe('the voice of the customer on the dashboard', () => {
  it('shows themes with quotes; a click on one lists its accounts; roadmap and funnel as audited', async () => {
    const voc = data.summary.voc!;
    const pain = voc.themes.find((t) => t.id === voc.painPoints[0])!;
    const bad = voc.themes.find((t) => t.id === voc.badFitThemes[0])!;
    expect(pain.phrases.some((p) => p.includes('consolidation'))).toBe(true);
    const { page, problems } = await open(server.url);
    await page.waitForSelector(`#voc article[data-theme="${pain.id}"]`);
    expect(await page.locator(`#voc article[data-theme="${pain.id}"] blockquote`).count()).toBe(
      pain.quotes.length,
    );
    expect(await page.textContent(`#voc article[data-theme="${pain.id}"] blockquote`)).toContain(
      pain.quotes[0]!.text,
    );
    await page.locator('#voc').screenshot({ path: join(ARTIFACTS, 'dashboard-voc.png') });

    // A bad-fit theme: its accounts, as many as raised it, each one of them.
    await page.click(`#voc article[data-theme="${bad.id}"] h4 button`);
    await page.waitForFunction(
      (n) =>
        (
          globalThis as unknown as {
            document: {
              querySelector(s: string): { getAttribute(a: string): string | null } | null;
            };
          }
        ).document
          .querySelector('#accounts .status')
          ?.getAttribute('data-total') === String(n),
      bad.accounts,
    );
    expect(await page.textContent('#accounts-title')).toBe(`Accounts raising “${bad.label}”`);
    const api = (await (
      await fetch(`${server.url}/api/accounts?segment=${bad.id}&limit=500`)
    ).json()) as { total: number; rows: { account_id: string }[] };
    expect(api.total).toBe(bad.accounts);
    for (const a of bad.topAccounts)
      expect(api.rows.map((r) => r.account_id)).toContain(a.accountId);

    const shares = await page.locator('#roadmap-shares li').allTextContents();
    expect(shares).toHaveLength(voc.roadmap!.shares.length);
    expect(shares[0]).toMatch(/^requests: \d+(\.\d)?% \(/);
    expect(await page.locator('#funnel tbody tr').count()).toBe(
      new Set(voc.journey.funnel!.rows.map((r) => r.tier)).size,
    );
    expect(problems).toEqual([]);
    await page.close();
  });
});
