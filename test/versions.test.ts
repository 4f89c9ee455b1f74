import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { icp } from './support/icp-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-versions-'));
const registry = join(dir, 'registry');
const config = (seed: number) => join(dir, `world-${seed}`, 'icp.config.yaml');
let firstId = '';
let secondId = '';

beforeAll(async () => {
  // Two worlds stand for the data of one company at two times: their ICPs differ.
  for (const seed of [1, 2])
    await generateWorld({ accounts: 1000, seed, out: join(dir, `world-${seed}`) });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ICP versions from the command line', () => {
  it('discover saves each ICP in the registry; the second names the first as its parent', async () => {
    const first = await icp(
      'discover',
      '--config',
      config(1),
      '--out',
      join(dir, 'first.json'),
      '--today',
      WORLD_TODAY,
      '--registry',
      registry,
    );
    expect(first.status).toBe(0);
    firstId = (JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8')) as { id: string }).id;
    expect(first.stdout).toContain(
      `\nWrote ${join(dir, 'first.json')} (ICP ${firstId}). Saved as a version in ${join(registry, `${firstId}.json`)}.\n`,
    );

    // --parent names the first by a prefix of its id.
    const second = await icp(
      'discover',
      '--config',
      config(2),
      '--out',
      join(dir, 'second.json'),
      '--today',
      WORLD_TODAY,
      '--registry',
      registry,
      '--parent',
      firstId.slice(0, 6),
      '--json',
    );
    expect(second.status).toBe(0);
    const summary = JSON.parse(second.stdout) as { id: string; parent: string; registry: string };
    secondId = summary.id;
    expect(secondId).not.toBe(firstId);
    expect(summary.parent).toBe(firstId);
    expect(summary.registry).toBe(join(registry, `${secondId}.json`));
    expect(JSON.parse(readFileSync(summary.registry, 'utf8')).parent).toBe(firstId);
    expect(readdirSync(registry).sort()).toEqual([`${firstId}.json`, `${secondId}.json`].sort());
  }, 120_000);

  it('discover over an existing ICP file takes it as the parent; --no-registry saves nothing', async () => {
    const out = join(dir, 'in-use.json');
    copyFileSync(join(dir, 'first.json'), out);
    const r = await icp(
      'discover',
      '--config',
      config(2),
      '--out',
      out,
      '--today',
      WORLD_TODAY,
      '--no-registry',
      '--json',
    );
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: secondId, parent: firstId, registry: null });
    expect(readdirSync(join(dir, 'world-2'))).not.toContain('icp-versions');
    expect(readdirSync(registry)).toHaveLength(2);
  }, 120_000);

  it('icp versions lists them oldest first (as_of, then id), as text and JSON', async () => {
    const json = await icp('versions', '--registry', registry, '--json');
    expect(json.status).toBe(0);
    const listed = JSON.parse(json.stdout) as {
      registry: string;
      versions: { id: string; parent: string | null; asOf: string; auc: number | null }[];
    };
    expect(listed.registry).toBe(registry);
    // Both worlds are as of the same day, so the id decides the order.
    expect(listed.versions.map((v) => v.id)).toEqual([firstId, secondId].sort());
    expect(listed.versions.find((v) => v.id === secondId)!.parent).toBe(firstId);
    expect(listed.versions.every((v) => v.asOf === WORLD_TODAY)).toBe(true);

    const text = await icp('versions', '--registry', registry);
    expect(text.status).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id {16}parent {12}as_of {7}verdict {4}AUC {4}name$/);
    expect(lines.slice(1, 3).map((l) => l.split(/\s+/).slice(0, 3))).toEqual(
      listed.versions.map((v) => [v.id, v.parent ?? '-', WORLD_TODAY]),
    );
    expect(lines[3]).toBe(`2 ICP versions in ${registry}.`);
  });

  it('score pinned by id writes and prints what scoring the file does', async () => {
    const data = join(dir, 'world-1', 'accounts.csv');
    const byFile = await icp(
      'score',
      '--icp',
      join(dir, 'first.json'),
      '--data',
      data,
      '--out',
      join(dir, 'by-file.csv'),
    );
    const byId = await icp(
      'score',
      '--icp',
      firstId,
      '--registry',
      registry,
      '--data',
      data,
      '--out',
      join(dir, 'by-id.csv'),
    );
    expect(byFile.status).toBe(0);
    expect(byId).toEqual({
      status: 0,
      stdout: byFile.stdout.replace(join(dir, 'by-file.csv'), join(dir, 'by-id.csv')),
      stderr: '',
    });
    expect(readFileSync(join(dir, 'by-id.csv'), 'utf8')).toBe(
      readFileSync(join(dir, 'by-file.csv'), 'utf8'),
    );
    const sqlByFile = await icp('sql', '--icp', join(dir, 'first.json'), '--table', 'leads');
    const sqlById = await icp(
      'sql',
      '--icp',
      firstId.slice(0, 6),
      '--registry',
      registry,
      '--table',
      'leads',
    );
    expect(sqlByFile.status).toBe(0);
    expect(sqlById).toEqual(sqlByFile);
  }, 120_000);

  it('diff takes two ids; an id not in the registry is a usage error naming the closest one', async () => {
    const diff = await icp('diff', firstId, secondId, '--registry', registry);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toContain('The new ICP names the old one as its parent.');

    const wrong = `${firstId.slice(0, -1)}x`;
    const ids = [firstId, secondId].sort().join(', ');
    expect(
      await icp('score', '--icp', wrong, '--registry', registry, '--data', 'x', '--out', 'y'),
    ).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: "${wrong}" is neither an ICP file nor an ICP id in the registry ${registry}, which holds ${ids}. Did you mean ${firstId}? ("icp versions" lists them.)\n`,
    });
    // An id from another registry is nowhere near any id here: nothing is suggested.
    const foreign = 'ffffeeee00001111';
    expect(
      await icp('audit', '--config', config(1), '--icp', foreign, '--registry', registry),
    ).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: "${foreign}" is neither an ICP file nor an ICP id in the registry ${registry}, which holds ${ids}. No id there is close to it; if it is from another registry, pass --registry DIR. ("icp versions" lists them.)\n`,
    });
  });

  it('report and verify --against take an id as well as a file, with the same result', async () => {
    const report = (ref: string, out: string) =>
      icp(
        'report',
        '--config',
        config(1),
        '--icp',
        ref,
        '--registry',
        registry,
        '--out',
        out,
        '--today',
        WORLD_TODAY,
        '--no-backtest',
      );
    expect((await report(join(dir, 'first.json'), join(dir, 'by-file.html'))).status).toBe(0);
    expect(await report(firstId.slice(0, 6), join(dir, 'by-id.html'))).toEqual({
      status: 0,
      stdout: `Wrote ${join(dir, 'by-id.html')}\n`,
      stderr: '',
    });
    expect(readFileSync(join(dir, 'by-id.html'), 'utf8')).toBe(
      readFileSync(join(dir, 'by-file.html'), 'utf8'),
    );
    const mine = join(dir, 'mine.yaml');
    writeFileSync(mine, 'name: Sales ICP\ncriteria:\n  - employees >= 200\n');
    const verify = (against: string) =>
      icp(
        'verify',
        '--config',
        config(1),
        '--icp',
        mine,
        '--against',
        against,
        '--registry',
        registry,
        '--today',
        WORLD_TODAY,
        '--json',
      );
    const byFile = await verify(join(dir, 'first.json'));
    expect(byFile.status).toBe(0);
    expect(await verify(firstId)).toEqual(byFile);
  }, 120_000);
});
