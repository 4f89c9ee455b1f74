import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAudit } from '../src/cli/format/audit-text.js';
import { writeIcp } from '../src/data/icp/icp-file.js';
import type { AuditResult } from '../src/pipeline/audit/audit.js';
import { audit } from '../src/pipeline/audit/audit-config.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { discoverGeneric } from '../src/pipeline/discover/discover-generic.js';
import { buildReport } from '../src/pipeline/report/build-report.js';
import { shortMoney } from '../src/report/html.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { expectGolden } from './golden-file.js';
import { TELCO } from './telco-baseline.js';

/**
 * The headlines of the audit (its text) and of the report (the answer, the cards and the cost of
 * poor fit, as text) on four datasets, against golden files: the demo world (5,000 accounts, seed
 * 1), Maven CRM (no reliable profile), RavenStack (subscriptions, no deals) and IBM telco (one
 * file, discovered with --data). After an intended change:
 *   UPDATE_GOLDEN=1 npx vitest run test/headlines-golden.test.ts
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-headlines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  readonly config: string;
  readonly icp: string;
  readonly today: string;
  result?: AuditResult;
  html?: string;
}

const cases: Record<'demo' | 'maven' | 'ravenstack' | 'telco', Case> = {
  demo: {
    config: join(dir, 'world', 'icp.config.yaml'),
    icp: join(dir, 'demo.json'),
    today: WORLD_TODAY,
  },
  maven: {
    config: 'examples/maven-crm/icp.config.yaml',
    icp: join(dir, 'maven.json'),
    today: '2026-11-23',
  },
  ravenstack: {
    config: 'examples/ravenstack/icp.config.yaml',
    icp: join(dir, 'ravenstack.json'),
    today: '2026-11-23',
  },
  telco: {
    config: 'examples/ibm-telco/icp.config.yaml',
    icp: join(dir, 'telco.json'),
    today: '2026-11-23',
  },
};

beforeAll(async () => {
  await generateWorld({ accounts: 5000, seed: 1, out: join(dir, 'world') });
  // The examples' folders are the user's: no version is saved there.
  for (const c of [cases.demo, cases.maven, cases.ravenstack])
    await writeIcp(c.icp, await discover(c.config, { today: c.today, registry: false }));
  await writeIcp(
    cases.telco.icp,
    await discoverGeneric({ data: TELCO, target: 'Churn', positive: 'No', id: 'customerID' }),
  );
  for (const c of Object.values(cases)) {
    c.result = await audit(c.config, c.icp, { today: c.today });
    c.html = await buildReport(c.config, c.icp, { today: c.today, backtest: false });
  }
}, 600_000);

/** The report's answer, cards and cost section as plain text, one block per line. */
function reportHeadlines(html: string): string {
  const part = (id: string) =>
    new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
  return `${[part('summary'), part('alignment')]
    .join('\n')
    .replace(/<\/(p|div|h2|h3|li|tr)>/g, '\n')
    .replace(/<\/t[dh]>/g, ' | ')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n')}\n`;
}

describe('headlines golden files', () => {
  for (const name of Object.keys(cases) as (keyof typeof cases)[]) {
    it(`${name}: the audit text and the report's headlines`, () => {
      const c = cases[name];
      expectGolden(`test/golden/headlines/${name}-audit.golden.txt`, formatAudit(c.result!));
      expectGolden(`test/golden/headlines/${name}-report.golden.txt`, reportHeadlines(c.html!));
    });
  }
});

describe('every money headline is net', () => {
  for (const name of ['demo', 'ravenstack'] as const) {
    it(`${name}: the cost of poor fit is the A-B margin of the same effort less the bad-fit customers' net value`, () => {
      const a = cases[name].result!;
      const c = a.costOfPoorFit;
      const b = c.basis!;
      // badFit.netValue comes from its own query: a gross figure (support cost, churned revenue
      // added up) would not equal effort x A-B value per unit minus it.
      const net = b.badFitEffort * b.valuePerUnitAB - a.badFit.netValue;
      expect(Math.abs(c.amount! - net)).toBeLessThan(0.01);
      expect(c.amount).not.toBeCloseTo(a.badFit.supportCost, 0);
      const text = formatAudit(a);
      expect(text).toContain(
        `Cost of poor fit: ${Math.round(net).toLocaleString('en-US')} ${a.currency}. Net value lost against the ICP’s customers`,
      );
      expect(reportHeadlines(cases[name].html!)).toContain(
        `Cost of poor fit (net)\n${shortMoney(net, a.currency)}\n`,
      );
      // No money line of the headlines adds up costs without netting them.
      expect(text).not.toMatch(
        /revenue lost to churn|support cost of bad-fit customers|sales days/,
      );
    });
  }
});

describe('a no-signal ICP shows no leakage or cost headline', () => {
  it('Maven: the audit and the report say so first, and show neither', () => {
    const a = cases.maven.result!;
    expect(a.profile.reliable).toBe(false);
    const lines = formatAudit(a).split('\n');
    expect(lines[1]).toMatch(/^No reliable profile: the ICP has no scorecard \(no_signal: /);
    expect(lines.filter((l) => /^(ICP leakage|Cost of poor fit|Sales effort)/.test(l))).toEqual([]);
    const report = reportHeadlines(cases.maven.html!);
    expect(report.split('\n')[1]).toMatch(/^No reliable profile: /);
    expect(report).not.toMatch(
      /ICP leakage[,:]|Cost of poor fit \(net\)|Cost of poor fit: \d|sales days/,
    );
  });
});
