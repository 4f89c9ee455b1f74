import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import {
  markComplete,
  removeStaleTemps,
  tempPathFor,
  trackTemp,
  untrackTemp,
} from './temp-files.js';

/**
 * Writes a file whole or not at all: into a temporary file beside the target, then renamed
 * over it (rename is atomic on one file system). A failure leaves the old file untouched, and
 * an interrupted run its temp file to be removed (see `temp-files.ts`).
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  trackTemp(temp, path);
  try {
    await mkdir(dirname(path), { recursive: true });
    await removeStaleTemps(path);
    await writeFile(temp, content);
    markComplete(temp);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new IcpError(
      'OUTPUT',
      `${path}: cannot write the output (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check that the folder exists and is writable, or choose another path.`,
      { cause: error },
    );
  } finally {
    untrackTemp(temp);
  }
}
