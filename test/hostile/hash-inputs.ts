import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Files larger than this are fingerprinted by size, mtime and inode (any write changes one). */
const LARGE = 4 * 1024 * 1024;

/**
 * A fingerprint of every file under `root` (content hash; a symlink by its target), keyed by
 * path relative to `root`. Folders named in `skip` (relative paths) are left out: that is
 * where a case may write.
 */
export function hashTree(root: string, skip: readonly string[] = []): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const rel = relative(root, path);
      if (skip.includes(rel)) continue;
      const info = lstatSync(path);
      if (info.isSymbolicLink()) hashes.set(rel, `link:${readlinkSync(path)}`);
      else if (info.isDirectory()) walk(path);
      else if (info.size > LARGE) hashes.set(rel, `${info.size}:${info.mtimeMs}:${info.ino}`);
      else if (info.isFile())
        hashes.set(rel, createHash('sha256').update(readFileSync(path)).digest('hex'));
    }
  };
  walk(root);
  return hashes;
}

/** What differs between two fingerprints: files changed, added or removed, sorted. */
export function changedFiles(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): string[] {
  const changed = new Set<string>();
  for (const [path, hash] of before) if (after.get(path) !== hash) changed.add(path);
  for (const path of after.keys()) if (!before.has(path)) changed.add(path);
  return [...changed].sort();
}
