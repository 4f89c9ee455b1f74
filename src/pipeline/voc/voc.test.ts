import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVoc } from '../../cli/format/voc-text.js';
import type { VocResult, VocTheme } from '../../core/text/voc-result.js';
import { writeIcp } from '../../data/icp/icp-file.js';
import { vocSection } from '../../report/sections/voc-section.js';
import { generateWorld } from '../../sample/generate-world.js';
import { WORLD_TODAY } from '../../sample/planted-truth.js';
import { audit } from '../audit/audit-config.js';
import { discover } from '../discover/discover-config.js';
import { NO_TEXT } from './voice-of-customer.js';

/**
 * The voice of the customer on the sample world, whose planted themes (src/sample/PLANTED_TRUTH.md)
 * must come out on their side with intervals; on the same world written without themes, where
 * none may; on RavenStack (churn reasons) and Maven (no text).
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-voc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function auditWorld(name: string, accounts: number, themes: boolean): Promise<VocResult> {
  const out = join(dir, name);
  await generateWorld({ accounts, seed: 1, out, themes });
  const config = join(out, 'icp.config.yaml');
  await writeIcp(
    join(out, 'icp.json'),
    await discover(config, { today: WORLD_TODAY, registry: false }),
  );
  return (await audit(config, join(out, 'icp.json'), { today: WORLD_TODAY })).voc;
}

async function auditExample(name: string): Promise<VocResult> {
  const config = `examples/${name}/icp.config.yaml`;
  const icp = join(dir, `${name}.json`);
  await writeIcp(icp, await discover(config, { registry: false }));
  return (await audit(config, icp)).voc;
}

const withPhrase = (v: VocResult, phrase: string): VocTheme[] =>
  v.themes.filter((t) => t.phrases.includes(phrase));

let planted: VocResult;
let flat: VocResult;

beforeAll(async () => {
  planted = await auditWorld('planted', 5000, true);
  flat = await auditWorld('flat', 3000, false);
});

describe('the voice of the customer on the sample world', () => {
  it('reads every kind of text the world writes', () => {
    expect(planted.sources).toEqual([
      { source: 'lost reason', lens: 'lost', documents: 2716, accounts: 2376 },
      { source: 'comment', lens: 'praised', documents: 301, accounts: 267 },
      { source: 'won reason', lens: 'praised', documents: 2581, accounts: 2283 },
      { source: 'comment', lens: 'raised', documents: 947, accounts: 761 },
      { source: 'request', lens: 'raised', documents: 4277, accounts: 1337 },
      { source: 'ticket', lens: 'raised', documents: 22958, accounts: 2582 },
    ]);
  });

  it("finds the ideal segment's consolidation pain on the ICP side, its interval clear of the rest", () => {
    const [pain] = withPhrase(planted, 'multi entity consolidation');
    expect(pain?.side).toBe('icp');
    expect(pain?.ideal).toBe('more');
    expect(planted.painPoints).toContain(pain?.id);
    expect(pain!.groups.icp.ratio!.lo).toBeGreaterThan(pain!.groups.outside.ratio!.hi);
    expect(pain!.tests.icpVsOutside.q).toBeLessThan(0.001);
    expect(pain!.quotes.length).toBe(3);
    for (const q of pain!.quotes) expect(['A', 'B']).toContain(q.tier);
  });

  it("finds the trap's requests (a cheaper plan, POS integrations) on the bad-fit side, raised mostly by customers who churned", () => {
    for (const phrase of ['cheap plan', 'pos integration']) {
      const [theme] = withPhrase(planted, phrase);
      expect(theme?.side, phrase).toBe('bad-fit');
      expect(planted.badFitThemes).toContain(theme?.id);
      expect(theme!.groups.outside.ratio!.lo).toBeGreaterThan(theme!.groups.icp.ratio!.hi);
      expect(theme!.sources.request).toBe(theme!.documents);
      expect(planted.roadmap!.fromChurned.map((r) => r.themeId)).toContain(theme?.id);
    }
  });

  it("finds the month-end close as the ideal customers' job, and lost reasons on their side", () => {
    const [job] = withPhrase(planted, 'month end').filter((t) => t.lens === 'praised');
    expect(job?.ideal).toBe('more');
    expect(planted.jobs[0]).toBe(job?.id);
    expect(withPhrase(planted, 'security review')[0]?.side).toBe('icp');
    // The trap's price reasons: "too expensive for a small shop" (15 accounts, none in A-B)
    // leans to the bad fit; "a cheaper tool" (11 accounts) leans the same way, short of the
    // false-discovery rate once A-B's zero carries its Poisson uncertainty.
    expect(withPhrase(planted, 'expensive')[0]?.side).toBe('bad-fit');
    const cheap = withPhrase(planted, 'cheap tool')[0]!;
    expect(cheap.groups.icp.raising).toBe(0);
    expect(cheap.groups.outside.ratio!.ratio).toBeGreaterThan(1);
  });

  it('leaves the requests everyone makes on neither side', () => {
    for (const phrase of ['dark mode', 'okta', 'custom field', 'password reset'])
      expect(
        withPhrase(planted, phrase).map((t) => t.side),
        phrase,
      ).toEqual(['none']);
  });

  it('finds no significant theme in the world written without themes', () => {
    expect(flat.themes.length).toBeGreaterThan(20);
    expect(flat.themes.filter((t) => t.side !== 'none' || t.ideal !== 'none')).toEqual([]);
    expect(flat.painPoints).toEqual([]);
    expect(flat.badFitThemes).toEqual([]);
    expect(Math.min(...flat.themes.map((t) => t.tests.icpVsOutside.q))).toBeGreaterThan(0.05);
  });

  it('measures roadmap dilution: most requests and support minutes come from outside tiers A-B', () => {
    const r = planted.roadmap!;
    expect(r.requests).toBe(4277);
    expect(r.byTier.reduce((s, t) => s + t.requests, 0)).toBe(4277);
    expect(r.byTier.reduce((s, t) => s + t.tickets, 0)).toBe(27235);
    const requests = r.shares.find((s) => s.what === 'requests')!;
    expect(requests.outside!.lo).toBeGreaterThan(0.75);
    expect(requests.outside!.rate).toBeLessThanOrEqual(requests.outside!.hi);
    expect(r.shares.map((s) => s.what)).toEqual(['requests', 'tickets', 'support minutes']);
  });

  it('profiles the journey and behaviour by tier, behaviour as attributes of customers only', () => {
    const j = planted.journey;
    expect(j.funnel?.steps).toEqual(['created', 'closed', 'won']);
    expect(new Set(j.sources.map((s) => s.source))).toEqual(
      new Set(['Inbound', 'Outbound', 'Partner', 'Event', 'Referral', '(none)']),
    );
    expect(j.cycle.map((c) => c.tier)).toEqual(['A', 'B', 'C', 'D', 'unknown']);
    expect(j.missing).toEqual([
      'no deal stage history (deal_stages): stage-to-stage conversion and time in stage unknown; the funnel shows created, closed and won',
      'no activities: touchpoints unknown',
    ]);
    const reports = planted.behaviour!.metrics.find((m) => m.metric === 'reports_run')!;
    expect(reports.attribute?.ideal.lo).toBeGreaterThan(reports.attribute!.rest.hi);
    expect(reports.attribute?.statement).toMatch(
      /^ideal customers reach [\d,]+\+ reports_run in their first 90 days \(\d+% of them, against \d+% of other customers\)$/,
    );
  });

  it('prints it after the audit and renders it in the report', async () => {
    const text = formatVoc(planted);
    expect(text).toContain('ICP pain points (raised more in tiers A-B than in the other tiers):');
    expect(text).toContain('Roadmap dilution: 4,277 feature requests from 1,337 accounts');
    const html = await vocSection(planted);
    for (const id of ['chart-theme-lift', 'chart-roadmap', 'chart-journey'])
      expect(html).toContain(`id="${id}"`);
  });
});

describe('the voice of the customer on public data', () => {
  it("reads RavenStack's churn reasons into themes", async () => {
    const v = await auditExample('ravenstack');
    // 600 churn events less the 22 whose reason is "unknown" (a null token: core/parse) and
    // whose comment is empty: they carry no text.
    expect(v.sources).toEqual([
      { source: 'churn reason', lens: 'raised', documents: 578, accounts: 345 },
    ]);
    expect(v.themes.slice(0, 4).map((t) => t.label)).toEqual([
      'feature',
      'competitor',
      'missing feature',
      'expensive',
    ]);
    expect(formatVoc(v)).toContain('Most raised themes, by accounts (whatever the side):');
    // The report says what kind of text is missing rather than "none at this false-discovery
    // rate", and leaves out what the data cannot give (no deals: no sales cycle column).
    const html = await vocSection(v);
    expect(html).toContain('No won reason and no 9-10 comment to read.');
    expect(html).toContain('No lost reason to read.');
    expect(html).toContain(
      'No feature requests: no requests table, and no ticket whose type or tags voc.request_tags names.',
    );
    expect(html).not.toContain('Sales cycle');
    expect(v.journey.missing).toEqual([
      'no deals: lead sources, funnel and sales cycle unknown',
      'no activities: touchpoints unknown',
    ]);
  });

  it('says why Maven, which holds no text, has no theme', async () => {
    const v = await auditExample('maven-crm');
    expect(v.available).toBe(false);
    expect(v.reason).toBe(NO_TEXT);
    expect(v.themes).toEqual([]);
    expect(await vocSection(v)).toContain(NO_TEXT.replace(/'/g, '&#39;').slice(0, 60));
  });
});
