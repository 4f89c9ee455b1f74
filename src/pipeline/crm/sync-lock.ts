import { open, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { IcpError } from '../../core/errors/icp-error.js';

/** What a lock file holds: who took it, where and when. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

export interface SyncLock {
  /** Set when a stale lock (its process gone) was taken over, for the log. */
  readonly replaced: LockOwner | undefined;
  release(): Promise<void>;
}

/** A lock file younger than this with no owner in it may be one being written: respected. */
const EMPTY_LOCK_GRACE_MS = 60_000;

/**
 * Takes the lock file `path` (created exclusively, holding this process's pid), so two syncs
 * of one folder never overlap. A lock whose process no longer runs on this machine is stale:
 * it is replaced, and said so. A live one stops this run with exit status 2.
 */
export async function acquireLock(path: string): Promise<SyncLock> {
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  let replaced: LockOwner | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      return {
        replaced,
        release: async () => {
          const held = await readOwner(path);
          if (held?.pid === me.pid && held.host === me.host) await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw lockError(path, error);
    }
    const owner = await readOwner(path);
    if (owner && (owner.host !== me.host || alive(owner.pid)))
      throw new IcpError(
        'USAGE',
        `another icp sync is running on this folder (pid ${owner.pid} on ${owner.host}, since ${owner.started}; lock ${path}). This run stops so the two do not overlap. If that run is gone (another machine, or killed), delete the lock file.`,
      );
    if (!owner && Date.now() - (await stat(path)).mtimeMs < EMPTY_LOCK_GRACE_MS)
      throw new IcpError(
        'USAGE',
        `another icp sync is starting on this folder (lock ${path}, just created). This run stops so the two do not overlap.`,
      );
    replaced = owner ?? { pid: 0, host: me.host, started: 'unknown' };
    await rm(path, { force: true });
  }
  throw new IcpError(
    'USAGE',
    `another icp sync took the lock ${path} at the same moment. This run stops so the two do not overlap.`,
  );
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    return Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process runs on this machine (EPERM: it does, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockError(path: string, error: unknown): IcpError {
  return new IcpError(
    'OUTPUT',
    `${path}: cannot create the lock file (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check that the folder is writable.`,
    { cause: error },
  );
}
