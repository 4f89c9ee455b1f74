import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * Temporary files and folders this process made, so an interrupted run leaves none behind.
 * Temp outputs are named `.<file>.<pid>-<hex>.tmp` beside their target and temp folders
 * `icp-engine-<pid>-XXXXXX` in the system temp folder: the pid tells a later run whether
 * their owner is still alive.
 */
interface Tracked {
  /** Where a complete temp output belongs; undefined for scratch files and folders. */
  readonly target?: string;
  complete: boolean;
}

const tracked = new Map<string, Tracked>();

/** Prefix of this process's temp folders in the system temp folder (for `mkdtemp`). */
export function tempDirPrefix(): string {
  return join(tmpdir(), `icp-engine-${process.pid}-`);
}

/** A fresh temp path beside `target`, in the naming scheme stale-file removal recognises. */
export function tempPathFor(target: string): string {
  const name = `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  return join(dirname(target), name);
}

/** Remembers a temp file or folder; with `target`, a complete one is renamed there on a signal. */
export function trackTemp(path: string, target?: string): void {
  tracked.set(path, target === undefined ? { complete: false } : { target, complete: false });
}

/** The temp output is written whole: on a signal it is renamed into place, not removed. */
export function markComplete(path: string): void {
  const t = tracked.get(path);
  if (t) t.complete = true;
}

/** Forgets a temp path once it is renamed or removed. */
export function untrackTemp(path: string): void {
  tracked.delete(path);
}

/**
 * Removes every tracked temp path, renaming complete temp outputs into place first.
 * Synchronous: it runs in a signal handler right before the process exits.
 */
export function cleanUpTemps(): void {
  for (const [path, t] of tracked) {
    try {
      if (t.complete && t.target !== undefined) renameSync(path, t.target);
      else rmSync(path, { recursive: true, force: true });
    } catch {
      // Best effort: a signal must still end the process.
    }
  }
  tracked.clear();
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/**
 * On SIGINT, SIGTERM or SIGHUP: clean up the temp paths, then exit with 128 + the signal's
 * number, unless another handler (the server's graceful close) is listening for it.
 */
export function installSignalCleanup(): void {
  for (const [signal, number] of Object.entries(SIGNALS)) {
    process.on(signal, () => {
      cleanUpTemps();
      if (process.listenerCount(signal) <= 1) process.exit(128 + number);
    });
  }
}

/** Temp files of killed runs stay this long at most (a live writer touches its file). */
const STALE_MS = 60 * 60 * 1000;

/**
 * Removes temp outputs of earlier runs beside `target`: `.<file>.<pid>[-hex].tmp` whose process
 * is gone or which nobody has written for an hour. Returns the names removed.
 */
export async function removeStaleTemps(target: string): Promise<string[]> {
  const dir = dirname(target);
  const prefix = `.${basename(target)}.`;
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)(-[0-9a-f]+)?\.tmp$/.exec(name.slice(prefix.length))?.[1];
    if (pid === undefined || Number(pid) === process.pid) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (isAlive(Number(pid)) && Date.now() - info.mtimeMs < STALE_MS) continue;
    await rm(path, { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Removes `icp-engine-<pid>-*` folders of processes that are gone, and folders of the older
 * `icp-engine-XXXXXX` scheme (no pid) untouched for an hour, from `root` (the system temp
 * folder by default). In another folder (beside the outputs, where `--out` puts a database's
 * spill folder) they are hidden, `.icp-engine-<pid>-*`: a run killed with SIGKILL, which no
 * handler sees, leaves one that the next run there removes.
 */
export async function removeStaleTempDirs(root: string = tmpdir()): Promise<void> {
  const prefix = root === tmpdir() ? 'icp-engine-' : '.icp-engine-';
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)-/.exec(name.slice(prefix.length))?.[1];
    const path = join(root, name);
    if (pid !== undefined) {
      if (Number(pid) === process.pid || isAlive(Number(pid))) continue;
    } else {
      const info = await stat(path).catch(() => undefined);
      if (!info?.isDirectory() || Date.now() - info.mtimeMs < STALE_MS) continue;
    }
    await rm(path, { recursive: true, force: true }).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
