import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScoreSql } from '../src/core/icp/compile-sql.js';
import type { IcpDefinition } from '../src/core/icp/definition.js';
import { scoreRecord } from '../src/core/icp/score-record.js';

/**
 * The public API as a user gets it: the built package (`dist/`, through the `exports` map of
 * package.json) imported by plain Node, not through Vitest. Every `js` block of docs/api.md
 * runs, in order, in one temporary folder; what they print is checked against the same verbs
 * run here from the sources. Needs `npm run build` first (npm install runs it).
 */
const root = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'icp-api-docs-'));
// Inside the package (so `import 'icp-engine'` resolves to this package) and ignored by git.
const script = join(root, '.tmp', `api-docs-${process.pid}.mjs`);
let printed: string[] = [];

/** The `js` blocks of a Markdown text, each turned into a block of one module. */
function examplesModule(markdown: string): string {
  const blocks = [...markdown.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
  return blocks
    .map((code) => {
      // Each example has its own imports: as dynamic imports, scoped to its block.
      const body = code.replace(
        /^import \{([^}]*)\} from '([^']+)';$/gm,
        (_, names: string, from: string) =>
          `const {${names.replace(/\bas\b/g, ':')}} = await import('${from}');`,
      );
      if (/^import /m.test(body))
        throw new Error(`docs/api.md: an import form not handled:\n${code}`);
      return `{\n${body}}\n`;
    })
    .join('');
}

/** The child process's environment: no registry set elsewhere by the developer. */
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => k !== 'ICP_REGISTRY' && k !== 'NODE_OPTIONS'),
);

beforeAll(() => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  writeFileSync(script, examplesModule(readFileSync('docs/api.md', 'utf8')));
  printed = execFileSync(process.execPath, [script], { cwd: work, env, encoding: 'utf8' })
    .trimEnd()
    .split('\n');
}, 300_000);
afterAll(() => {
  rmSync(script, { force: true });
  rmSync(work, { recursive: true, force: true });
});

const line = (verb: string) => printed.filter((l) => l.startsWith(`${verb}: `));
/** The accounts the sample company has (the generator may add one to 800 for a planted case). */
const accounts = () =>
  Number(/^generate: accounts\.csv (\d+),/.exec(line('generate')[0] ?? '')?.[1]);
const readJson = <T>(name: string) => JSON.parse(readFileSync(join(work, name), 'utf8')) as T;

describe('the built package', () => {
  it('exports what src/index.ts exports (else dist/ is stale: npm run build)', async () => {
    const fromDist = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "console.log(JSON.stringify(Object.keys(await import('icp-engine')).sort()))",
      ],
      { cwd: root, env, encoding: 'utf8' },
    );
    const fromSource = Object.keys(await import('../src/index.js')).sort();
    expect(JSON.parse(fromDist)).toEqual(fromSource);
    for (const verb of ['check', 'initConfig', 'discover', 'scoreFile', 'compileScoreSql'])
      expect(fromSource).toContain(verb);
    for (const verb of ['audit', 'verify', 'backtest', 'drift', 'diffIcpFiles', 'writeReport'])
      expect(fromSource).toContain(verb);
    for (const verb of ['listVersions', 'withLineage', 'createApp', 'generateWorld', 'demo'])
      expect(fromSource).toContain(verb);
  });
});

describe('docs/api.md, every example run against the built package', () => {
  it('generate, init and check: the sample company of about 800 accounts, loaded', () => {
    expect(line('generate')[0]).toMatch(/^generate: accounts\.csv 80\d, deals\.csv \d+, /);
    expect(line('init')).toHaveLength(1);
    expect(readFileSync(join(work, 'exports', 'icp.config.yaml'), 'utf8')).toContain('accounts');
    expect(line('check')[0]).toBe(`check: accounts ${accounts()} rows`);
  });

  it('discover writes icp.json and saves it as a version; on one export it saves none', () => {
    const icp = readJson<IcpDefinition>('icp.json');
    expect(line('discover')).toEqual([
      `discover: ICP ${icp.id}, ${icp.verdict.kind}, AUC ${icp.validation?.auc.toFixed(2)}`,
    ]);
    expect(readJson<IcpDefinition>(join('world', 'icp-versions', `${icp.id}.json`))).toEqual(icp);
    const deals = readJson<IcpDefinition>('deals-icp.json');
    expect(line('discover --data')).toEqual([
      `discover --data: ${deals.target.positives} of ${deals.target.eligible} won, saved: null`,
    ]);
  });

  it('scores a lead, a file and SQL as the sources do', () => {
    const icp = readJson<IcpDefinition>('icp.json');
    const lead = scoreRecord(icp, { Industry: 'Fintech', Employees: 450, Region: 'Europe' });
    expect(line('score')[0]).toBe(`score: lead tier ${lead.tier}, ${lead.reasons.length} reasons`);
    expect(line('score')[1]).toMatch(new RegExp(`^score: ${accounts()} rows, tier A \\d+$`));
    const sql = compileScoreSql(icp, { dialect: 'postgres', from: 'crm.accounts' });
    expect(line('sql')).toEqual([`sql: ${sql.split('\n')[0]}`]);
  });

  it('audits, verifies, backtests and checks drift', () => {
    const tiers = line('audit').map((l) => /^audit: tier (\S+) (\d+) accounts$/.exec(l));
    expect(tiers.map((m) => m?.[1])).toEqual(['A', 'B', 'C', 'D', 'unknown', 'disqualified']);
    expect(tiers.reduce((s, m) => s + Number(m?.[2]), 0)).toBe(accounts());
    expect(line('verify')[0]).toMatch(/^verify: Employees >= 200, coverage 0\.\d\d$/);
    expect(line('backtest')[0]).toMatch(/^backtest: 1 window, \d+ units after$/);
    expect(line('drift')[0]).toMatch(/^drift: \d+ windows, verdict (stable|watch|refresh)$/);
  });

  it('keeps the versions with their lineage, diffs them, reports, serves and runs the demo', () => {
    const icp = readJson<IcpDefinition>('icp.json');
    expect(readJson<IcpDefinition>('recent.json').parent).toBe(icp.id);
    expect(line('versions')).toEqual([`versions: 2, newest parent ${icp.id}`]);
    expect(line('diff')).toEqual([
      `diff: names its parent true, ${accounts()} rows scored by both`,
    ]);
    expect(line('report')).toEqual(['report: true']);
    const tier = scoreRecord(icp, { Industry: 'Fintech', Employees: 450 }).tier;
    expect(line('serve')).toEqual([`serve: 200, tier ${tier}`]);
    expect(line('demo')).toEqual(['demo: data/, profile.json, icp.json, audit.json, report.html']);
  });
});
