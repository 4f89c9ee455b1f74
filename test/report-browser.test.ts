import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { TIER_COLOURS } from '../src/core/icp/tier-colours.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIcp } from '../src/data/icp/icp-file.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { writeReport } from '../src/pipeline/report/build-report.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { launchBrowser } from './support/browser.js';

/**
 * Opens the report in a real headless Chromium (the one inside the `@sparticuz/chromium` npm
 * package, see test/support/browser.ts): no console error, no request of any kind beyond the file itself, every chart present and
 * labelled. Leaves a full-page screenshot (desktop and phone width) and a PDF print of each
 * report in test-artifacts/ to look at.
 */
const ARTIFACTS = resolve('test-artifacts');
const dir = mkdtempSync(join(tmpdir(), 'icp-report-browser-'));
let browser: Browser;
const reports: Record<'sample' | 'maven', string> = {
  sample: join(dir, 'sample-report.html'),
  maven: join(dir, 'maven-report.html'),
};

beforeAll(async () => {
  // First: a browser that cannot start fails the run at once, saying why.
  browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  const world = join(dir, 'world');
  await generateWorld({ accounts: 1500, seed: 1, out: world });
  await writeIcp(
    join(dir, 'icp.json'),
    await discover(join(world, 'icp.config.yaml'), { today: WORLD_TODAY }),
  );
  await writeReport(join(world, 'icp.config.yaml'), join(dir, 'icp.json'), reports.sample, {
    today: WORLD_TODAY,
  });
  const maven = 'examples/maven-crm/icp.config.yaml';
  // registry: false: no version saved into examples/ by a test.
  await writeIcp(join(dir, 'maven-icp.json'), await discover(maven, { registry: false }));
  await writeReport(maven, join(dir, 'maven-icp.json'), reports.maven);
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  readonly errors: string[];
  readonly requests: string[];
  readonly charts: { label: string | null; texts: number; marks: number }[];
  readonly text: string;
}

async function open(name: keyof typeof reports, width: number): Promise<Opened> {
  const url = pathToFileURL(reports[name]).href;
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('requestfailed', (r) => errors.push(`failed request ${r.url()}`));
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.goto(url, { waitUntil: 'load' });
  const charts = await page.$$eval('figure.chart svg', (svgs) =>
    svgs.map((s) => ({
      label: s.getAttribute('aria-label'),
      texts: s.querySelectorAll('text').length,
      marks: s.querySelectorAll('path, line, rect').length,
    })),
  );
  const text = await page.innerText('main');
  const suffix = width < 600 ? '-phone' : '';
  await page.screenshot({ path: join(ARTIFACTS, `report-${name}${suffix}.png`), fullPage: true });
  if (!suffix) {
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: join(ARTIFACTS, `report-${name}.pdf`), format: 'A4' });
  }
  await page.close();
  return { errors, requests, charts, text };
}

describe('the report in headless Chromium', () => {
  it('opens the sample world report with no error and no request, every chart labelled', async () => {
    const { errors, requests, charts, text } = await open('sample', 1280);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(charts.length).toBeGreaterThanOrEqual(5);
    for (const c of charts) {
      expect(c.label).toMatch(/\w/);
      // axis titles, tick labels and legend entries are text
      expect(c.texts).toBeGreaterThan(5);
      expect(c.marks).toBeGreaterThan(3);
    }
    expect(charts.map((c) => c.label)).toContain(
      'Value map: revenue against cost to serve, one dot per customer, coloured by tier',
    );
    expect(text).toContain('Model quality');
    const pdf = readFileSync(join(ARTIFACTS, 'report-sample.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('reads on a phone: nothing wider than the screen but the tables that scroll', async () => {
    const { errors } = await open('sample', 390);
    expect(errors).toEqual([]);
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await page.goto(pathToFileURL(reports.sample).href);
    const tooWide = await page.$$eval('main > *, figure.chart svg, .card', (els) =>
      els.filter((e) => e.getBoundingClientRect().right > 391).map((e) => e.tagName),
    );
    await page.close();
    expect(tooWide).toEqual([]);
  });

  it('fits every table in 1280 px: none scrolls sideways', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(reports.sample).href);
    const cut = await page.$$eval('.table-wrap', (els) =>
      els
        .filter((e) => e.scrollWidth > e.clientWidth + 1)
        .map((e) => `${e.closest('section')?.id}: ${e.scrollWidth} > ${e.clientWidth}`),
    );
    await page.close();
    expect(cut).toEqual([]);
  });

  it('gives each tier one colour, the palette’s, in every chart that shows tiers', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(pathToFileURL(reports.sample).href);
    const marks = await page.$$eval('figure.chart svg [aria-label]', (els) =>
      els.map((e) => ({
        chart: e.closest('figure')?.id ?? '',
        label: e.getAttribute('aria-label') ?? '',
        role: e.getAttribute('aria-roledescription') ?? '',
        fill: e.getAttribute('fill'),
        stroke: e.getAttribute('stroke'),
      })),
    );
    await page.close();
    // The marks that carry a tier by colour: bars, dots and points by their fill, lines by
    // their stroke (interval rules may be drawn in ink).
    const colours = new Map<string, Set<string>>();
    const charts = new Set<string>();
    for (const m of marks) {
      const tier = /(?:^|; )Tier: (A|B|C|D|unknown|disqualified)(?:;|$)/.exec(m.label)?.[1];
      const colour =
        m.role === 'line mark'
          ? m.stroke
          : ['bar', 'circle', 'point'].includes(m.role)
            ? m.fill
            : null;
      if (!tier || !colour) continue;
      charts.add(m.chart);
      colours.set(tier, (colours.get(tier) ?? new Set()).add(colour));
    }
    expect([...charts].sort()).toEqual([
      'chart-drift',
      'chart-journey',
      'chart-roadmap',
      'chart-theme-lift',
      'chart-tier-rates',
      'chart-value-map',
    ]);
    expect(['A', 'B', 'C', 'D'].every((t) => colours.has(t))).toBe(true);
    for (const [tier, seen] of colours)
      expect([...seen], `tier ${tier}`).toEqual([TIER_COLOURS[tier as keyof typeof TIER_COLOURS]]);
  });

  it('opens the Maven report, saying why each empty section is empty', async () => {
    const { errors, requests, charts, text } = await open('maven', 1280);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(charts.length).toBeGreaterThanOrEqual(2);
    for (const c of charts) expect(c.label).toMatch(/\w/);
    expect(text).toContain(
      'No invoices or subscriptions and no tickets: revenue and cost to serve are not measurable.',
    );
    expect(text).toContain('No scorecard:');
    expect(text).toContain('personas are not measurable');
  });
});
