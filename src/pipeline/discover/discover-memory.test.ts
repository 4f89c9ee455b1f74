import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setDatabaseDefaults } from '../../data/db/database-options.js';
import { generateWorld } from '../../sample/generate-world.js';
import { WORLD_TODAY } from '../../sample/planted-truth.js';
import { discover, discoveryMemory } from './discover-config.js';

const MiB = 2 ** 20;
const dir = mkdtempSync(join(tmpdir(), 'icp-discover-memory-'));
afterAll(() => {
  setDatabaseDefaults({});
  rmSync(dir, { recursive: true, force: true });
});

describe("DuckDB's share of discovery's memory", () => {
  it('is half the budget while loading and a quarter with the rows in JavaScript, never below 256 MiB of a larger budget', () => {
    expect(discoveryMemory({ memoryLimit: 2_000_000_000 })).toEqual({
      loading: 1_000_000_000,
      rows: 500_000_000,
    });
    expect(discoveryMemory({ memoryLimit: 512 * MiB })).toEqual({
      loading: 256 * MiB,
      rows: 256 * MiB,
    });
    expect(discoveryMemory({ memoryLimit: 100 * MiB })).toEqual({
      loading: 100 * MiB,
      rows: 100 * MiB,
    });
    expect(discoveryMemory({})).toBeUndefined();
  });

  it('gives the same ICP within a 300 MB budget as with no limit', async () => {
    const world = join(dir, 'world');
    await generateWorld({ accounts: 1000, seed: 3, out: world });
    const run = () =>
      discover(join(world, 'icp.config.yaml'), { today: WORLD_TODAY, registry: false });
    setDatabaseDefaults({});
    const free = await run();
    // 300 MB: DuckDB's limit is 256 MiB throughout (the floor), file-backed in `dir`.
    setDatabaseDefaults({ memoryLimit: 300_000_000, spillDir: dir });
    const bounded = await run();
    expect(JSON.stringify(bounded)).toBe(JSON.stringify(free));
    expect(free.target.eligible).toBeGreaterThan(0);
  }, 120_000);

  it('holds one set of rows at a time: personas and the fingerprint run before any, the deal rows of the contrast go before the value rows come', async () => {
    const world = join(dir, 'world-stages');
    await generateWorld({ accounts: 1000, seed: 3, out: world });
    const stages: string[] = [];
    const onStage = (stage: string) => {
      if (!stage.startsWith('load ') && stages.at(-1) !== stage) stages.push(stage);
    };
    setDatabaseDefaults({});
    await discover(join(world, 'icp.config.yaml'), {
      today: WORLD_TODAY,
      registry: false,
      onStage,
    });
    // Before: personas and the fingerprint ran after the contrast, their SQL beside the value
    // rows and the deal rows' arrays (at ten million accounts, 9,454 MiB against 7,629), and the
    // contrast read its deal rows while the value rows were held.
    expect(stages.slice(0, stages.indexOf('discovery') + 1)).toEqual([
      'link accounts',
      'cross checks',
      'customer value',
      'target',
      'attributes',
      'personas',
      'fingerprint',
      'contrast with deals won',
      'contrast: profiling, fine bins',
      'contrast: readable bins',
      'contrast: evidence tables, tests',
      'contrast: anti-ICP',
      'contrast: segments',
      'rows into JavaScript',
      'discovery',
    ]);
    expect(stages.slice(-2)).toEqual([
      'contrast: the value rows in its segments',
      'tier economics',
    ]);
  }, 120_000);
});
