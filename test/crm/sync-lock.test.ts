import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { icp } from '../support/icp-cli.js';
import { crmBook } from './crm-book.js';
import { HUBSPOT_TOKEN, HubSpotEmulator } from './hubspot-emulator.js';
import { credentialsFile, tempDir } from './support.js';

const book = crmBook({ companies: 3000, seed: 17 });
let emu: HubSpotEmulator;
let tmp: ReturnType<typeof tempDir>;
let creds: string;

beforeAll(async () => {
  emu = new HubSpotEmulator(book);
  const url = await emu.start();
  tmp = tempDir('icp-sync-lock-');
  creds = credentialsFile(tmp.dir, { HUBSPOT_TOKEN, HUBSPOT_BASE_URL: url });
});
afterAll(async () => {
  await emu.stop();
  tmp.remove();
});

function lockIn(name: string, owner: object | string): { dir: string; lock: string } {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, '.icp-sync.lock');
  writeFileSync(lock, typeof owner === 'string' ? owner : JSON.stringify(owner));
  return { dir, lock };
}

describe('icp sync: the lock', () => {
  it('stops when another run holds the lock (alive, or on another machine), before any request; exit 2', async () => {
    const started = '2026-11-28T06:00:00.000Z';
    const live = lockIn('live', { pid: process.pid, host: hostname(), started });
    const calls = emu.server.log.length;
    expect(await icp('sync', 'hubspot', '--dir', live.dir, '--credentials', creds)).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: another icp sync is running on this folder (pid ${process.pid} on ${hostname()}, since ${started}; lock ${live.lock}). This run stops so the two do not overlap. If that run is gone (another machine, or killed), delete the lock file.\n`,
    });
    const remote = lockIn('remote', { pid: 4242, host: 'batch-02', started });
    expect((await icp('sync', 'hubspot', '--dir', remote.dir, '--credentials', creds)).stderr).toBe(
      `icp: another icp sync is running on this folder (pid 4242 on batch-02, since ${started}; lock ${remote.lock}). This run stops so the two do not overlap. If that run is gone (another machine, or killed), delete the lock file.\n`,
    );
    const empty = lockIn('empty', '');
    expect((await icp('sync', 'hubspot', '--dir', empty.dir, '--credentials', creds)).stderr).toBe(
      `icp: another icp sync is starting on this folder (lock ${empty.lock}, just created). This run stops so the two do not overlap.\n`,
    );
    expect(emu.server.log.length).toBe(calls);
    expect(existsSync(live.lock)).toBe(true);
  });

  it('replaces a lock whose process is gone; without --apply the push is a dry run writing nothing', async () => {
    // A pid that existed and has exited: what a killed run leaves behind.
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const started = '2026-11-28T05:00:00.000Z';
    const { dir, lock } = lockIn('stale', { pid: gone, host: hostname(), started });
    const r = await icp('sync', 'hubspot', '--dir', dir, '--credentials', creds);
    expect(r.stderr).toBe(
      `icp sync: replaced a stale lock of pid ${gone} (started ${started}): that run is gone.\n`,
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/; would push 3,000 changed of 3,000 \(dry run: add --apply\); /);
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(emu.updates.size).toBe(0);
    expect(emu.properties.get('companies')!.some((p) => p.name.startsWith('icp_'))).toBe(false);
    expect(existsSync(lock)).toBe(false);
  });
});
