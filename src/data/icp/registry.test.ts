import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { writeIcp } from './icp-file.js';
import { listVersions, registryDir, resolveIcp, saveVersion } from './registry.js';

const root = mkdtempSync(join(tmpdir(), 'icp-registry-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A small valid ICP (no scorecard): the id is given, as the tests need chosen ids. */
function icp(id: string, asOf: string, extra: Partial<IcpDefinition> = {}): IcpDefinition {
  return {
    format: 'icp-engine/icp@1',
    id,
    parent: null,
    name: `ICP ${id}`,
    target: { kind: 'won', definition: 'won deals', eligible: 10, positives: 4, base_rate: 0.4 },
    verdict: { kind: 'no_signal', reason: 'nothing separates' },
    scorecard: null,
    tiers: null,
    rules: [],
    segments: [],
    anti_segments: [],
    excluded: [],
    evidence: [],
    personas: [],
    findings: [],
    validation: null,
    provenance: {
      engine: 'icp-engine test',
      data_fingerprint: '0000',
      as_of: asOf,
      rows: {},
      seed: 1,
      settings: {},
    },
    ...extra,
  };
}

const validation = {
  folds: 5,
  auc: 0.8123,
  auc_interval: { lo: 0.8, hi: 0.82 },
  share_ab: 0.3,
  positives_captured_ab: 0.6,
  rate_a: 0.7,
  rate_d: 0.1,
  calibration_error: 0.01,
};

describe('registryDir', () => {
  it('takes --registry, then ICP_REGISTRY, then icp-versions/ next to the config, then ./icp-versions', () => {
    expect(registryDir({ registry: 'r', config: 'a/b.yaml' }, { ICP_REGISTRY: 'e' })).toBe('r');
    expect(registryDir({ config: 'a/b.yaml' }, { ICP_REGISTRY: 'e' })).toBe('e');
    expect(registryDir({ config: join('a', 'b.yaml') }, {})).toBe(join('a', 'icp-versions'));
    expect(registryDir({}, {})).toBe('icp-versions');
  });
});

describe('saveVersion', () => {
  it('writes <id>.json once: saving the same id again keeps one file, the first one', async () => {
    const dir = join(root, 'save');
    const first = await saveVersion(dir, icp('aaaa000011112222', '2026-01-01'));
    expect(first).toBe(join(dir, 'aaaa000011112222.json'));
    const again = await saveVersion(
      dir,
      icp('aaaa000011112222', '2026-01-01', { parent: 'bbbb000011112222' }),
    );
    expect(again).toBe(first);
    expect(readdirSync(dir)).toEqual(['aaaa000011112222.json']);
    expect(JSON.parse(readFileSync(first, 'utf8')).parent).toBeNull();
  });

  it('refuses an id that cannot be a file name', async () => {
    await expect(saveVersion(join(root, 'bad'), icp('../x', '2026-01-01'))).rejects.toThrow(
      'ICP id "../x" cannot name a file in the registry',
    );
  });
});

describe('listVersions', () => {
  it('lists every version oldest first by as_of, then id, with lineage, verdict and AUC', async () => {
    const dir = join(root, 'list');
    await saveVersion(dir, icp('cccc000000000000', '2026-06-30', { parent: 'bbbb000000000000' }));
    await saveVersion(dir, icp('bbbb000000000000', '2026-03-31', { validation }));
    await saveVersion(dir, icp('aaaa000000000000', '2026-06-30'));
    const list = await listVersions(dir);
    expect(list.map((v) => [v.id, v.parent, v.asOf, v.verdict, v.auc, v.name])).toEqual([
      ['bbbb000000000000', null, '2026-03-31', 'no_signal', 0.8123, 'ICP bbbb000000000000'],
      ['aaaa000000000000', null, '2026-06-30', 'no_signal', null, 'ICP aaaa000000000000'],
      [
        'cccc000000000000',
        'bbbb000000000000',
        '2026-06-30',
        'no_signal',
        null,
        'ICP cccc000000000000',
      ],
    ]);
    expect(list[0]!.path).toBe(join(dir, 'bbbb000000000000.json'));
    expect(Number.isNaN(Date.parse(list[0]!.modified))).toBe(false);
  });

  it('is empty for a folder that does not exist', async () => {
    expect(await listVersions(join(root, 'none'))).toEqual([]);
  });
});

describe('resolveIcp', () => {
  const dir = join(root, 'resolve');

  it('reads a file path, a whole id and a unique prefix of four hex digits or more', async () => {
    await saveVersion(dir, icp('abcd123400000000', '2026-01-01'));
    await saveVersion(dir, icp('abcd567800000000', '2026-02-01'));
    await saveVersion(dir, icp('ef01000000000000', '2026-03-01'));
    const file = join(root, 'elsewhere.json');
    await writeIcp(file, icp('9999000000000000', '2026-04-01'));

    expect((await resolveIcp(file, dir)).icp.id).toBe('9999000000000000');
    expect(await resolveIcp('abcd123400000000', dir)).toMatchObject({
      icp: { id: 'abcd123400000000' },
      path: join(dir, 'abcd123400000000.json'),
    });
    expect((await resolveIcp('abcd5', dir)).icp.id).toBe('abcd567800000000');
    expect((await resolveIcp('EF01', dir)).icp.id).toBe('ef01000000000000');
  });

  it('says which ids an ambiguous prefix starts, and refuses a prefix shorter than four', async () => {
    await expect(resolveIcp('abcd', dir)).rejects.toThrow(
      `"abcd" is the start of 2 ICP ids in the registry ${dir}: abcd123400000000, abcd567800000000. Give more of the id.`,
    );
    await expect(resolveIcp('ef0', dir)).rejects.toMatchObject({ code: 'USAGE' });
  });

  it('names the registry, the ids it holds and the closest one when nothing matches', async () => {
    await expect(resolveIcp('abcd5670000000000', dir)).rejects.toMatchObject({
      code: 'USAGE',
      message: `"abcd5670000000000" is neither an ICP file nor an ICP id in the registry ${dir}, which holds abcd123400000000, abcd567800000000, ef01000000000000. Did you mean abcd567800000000? ("icp versions" lists them.)`,
    });
    const empty = join(root, 'empty');
    await expect(resolveIcp('icp.json', empty)).rejects.toMatchObject({
      code: 'USAGE',
      message: `"icp.json" is neither an ICP file nor an ICP id: no such file, and the registry ${empty} holds no ICP versions. Pass the icp.json written by "icp discover", or --registry DIR.`,
    });
  });

  it('lists only the first ten ids of a large registry', async () => {
    const big = join(root, 'big');
    for (let i = 0; i < 12; i++)
      await saveVersion(big, icp(`${(0x1000 + i).toString(16)}000000000000`, '2026-01-01'));
    const error = await resolveIcp('zzzz', big).catch((e: Error) => e);
    expect((error as Error).message).toContain(
      'which holds 1000000000000000, 1001000000000000, 1002000000000000, 1003000000000000, 1004000000000000, 1005000000000000, 1006000000000000, 1007000000000000, 1008000000000000, 1009000000000000, ... (12 in all).',
    );
  });
});
