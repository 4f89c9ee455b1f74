import { readFile, stat } from 'node:fs/promises';

/**
 * Reads a small text input (a config, an ICP file, a hand-written ICP) whole, refusing first
 * what is not a regular file (a folder, /dev/zero, a pipe: reading those never ends) or is
 * larger than `maxBytes`. Fails like `readFile`, with an errno-style `code`: ENOENT, EISDIR,
 * ENOTFILE (a device or pipe) or EFBIG (then `size` holds the file's size).
 *
 * @example const text = await readSmallFile('icp.config.yaml', 1024 * 1024);
 */
export async function readSmallFile(path: string, maxBytes: number): Promise<string> {
  const info = await stat(path);
  const fail = (code: string, extra: object = {}) =>
    Object.assign(new Error(`${path}: ${code}`), { code, ...extra });
  if (info.isDirectory()) throw fail('EISDIR');
  if (!info.isFile()) throw fail('ENOTFILE');
  if (info.size > maxBytes) throw fail('EFBIG', { size: info.size });
  return readFile(path, 'utf8');
}

/** The words for a `readSmallFile` failure code, for messages. */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTFILE':
      return 'not a regular file';
    case 'EFBIG':
      return `too large: ${((error as { size?: number }).size ?? 0).toLocaleString('en-US')} bytes`;
    case 'EACCES':
      return 'permission denied';
    default:
      return code ?? String(error);
  }
}
