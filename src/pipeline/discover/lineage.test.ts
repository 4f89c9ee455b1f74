import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld } from '../../sample/generate-world.js';
import { WORLD_TODAY } from '../../sample/planted-truth.js';
import { discover } from './discover-config.js';
import { withLineage } from './lineage.js';

// Two worlds stand for one company's data at two times: their ICPs differ.
const dir = mkdtempSync(join(tmpdir(), 'icp-lineage-'));
const config = (seed: number) => join(dir, `world-${seed}`, 'icp.config.yaml');
const today = { today: WORLD_TODAY };

beforeAll(async () => {
  for (const seed of [1, 2])
    await generateWorld({ accounts: 600, seed, out: join(dir, `world-${seed}`) });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('discover() from the library versions its ICP as the CLI does', () => {
  it('saves it in icp-versions/ next to the config and writes out; over an ICP, names it as parent', async () => {
    const out = join(dir, 'icp.json');
    const first = await discover(config(1), { ...today, out });
    expect(first.parent).toBeNull();
    expect(json(out)).toEqual(json(join(dir, 'world-1', 'icp-versions', `${first.id}.json`)));

    // The company's data later: discovered over the ICP in use, which becomes the parent.
    const second = await discover(config(2), { ...today, out });
    expect(second.id).not.toBe(first.id);
    expect(second.parent).toBe(first.id);
    expect(json(out).parent).toBe(first.id);
    expect(readdirSync(join(dir, 'world-2', 'icp-versions'))).toEqual([`${second.id}.json`]);

    // Rediscovered to the same content, it keeps its parent's lineage rather than naming itself.
    const again = await discover(config(2), { ...today, out });
    expect(again).toEqual(second);
  }, 120_000);

  it('takes a parent by id prefix from a registry, and saves nothing with registry: false', async () => {
    const registry = join(dir, 'registry');
    const first = await discover(config(1), { ...today, registry });
    const child = await discover(config(2), { ...today, registry, parent: first.id.slice(0, 6) });
    expect(child.parent).toBe(first.id);
    expect(readdirSync(registry).sort()).toEqual([`${first.id}.json`, `${child.id}.json`].sort());

    rmSync(join(dir, 'world-2', 'icp-versions'), { recursive: true, force: true });
    const out = join(dir, 'unsaved.json');
    const unsaved = await discover(config(2), { ...today, registry: false, out });
    expect(unsaved).toEqual({ ...child, parent: null });
    expect(json(out).id).toBe(child.id);
    expect(existsSync(join(dir, 'world-2', 'icp-versions'))).toBe(false);
  }, 120_000);

  it('checks the parent before discovering: a reference to nothing is a usage error', async () => {
    let ran = false;
    const registry = join(dir, 'empty-registry');
    await expect(
      withLineage({ parent: 'nope', registry }, async () => {
        ran = true;
        throw new Error('not reached');
      }),
    ).rejects.toThrow(
      `"nope" is neither an ICP file nor an ICP id: no such file, and the registry ${registry} holds no ICP versions. Pass the icp.json written by "icp discover", or --registry DIR.`,
    );
    expect(ran).toBe(false);
  });
});
