import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import { tempPathFor } from './temp-files.js';

/**
 * Makes sure an output can be written before any work is done: it is not a folder, and the
 * folder it goes in exists or can be created and takes a new file (tried for real, so a
 * read-only file system or a folder without write permission is caught whoever runs it).
 * Creates missing folders, as every writer of the engine does.
 *
 * @example await prepareOutput('--out', 'results/scored.csv');
 */
export async function prepareOutput(flag: string, path: string): Promise<void> {
  const fail = (why: string, cause?: unknown) =>
    new IcpError(
      'OUTPUT',
      `${flag} ${path}: cannot write there: ${why}. Choose another path.`,
      cause === undefined ? {} : { cause },
    );
  const absolute = resolve(path);
  const existing = await stat(absolute).catch(() => undefined);
  if (existing?.isDirectory())
    throw fail('it is a folder; name the file to write inside it', undefined);
  let folder = dirname(absolute);
  let info = await stat(folder).catch(() => undefined);
  // The nearest folder above that exists: missing ones are created below it.
  while (!info && dirname(folder) !== folder) {
    folder = dirname(folder);
    info = await stat(folder).catch(() => undefined);
  }
  if (!info?.isDirectory()) throw fail(`${folder} is a file, not a folder`);
  const probe = tempPathFor(resolve(folder, 'probe'));
  try {
    await writeFile(probe, '');
  } catch (error) {
    throw fail(`the folder ${folder} does not take new files (${errorCode(error)})`, error);
  } finally {
    await rm(probe, { force: true });
  }
  try {
    await mkdir(dirname(absolute), { recursive: true });
  } catch (error) {
    throw fail(`the folder ${dirname(absolute)} cannot be created (${errorCode(error)})`, error);
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
