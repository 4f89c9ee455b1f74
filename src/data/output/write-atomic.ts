import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';

/**
 * Writes a file whole or not at all: into a temporary file beside the target, then renamed
 * over it (rename is atomic on one file system). A failure leaves the old file untouched.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, content);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new IcpError(
      'OUTPUT',
      `${path}: cannot write the output (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check that the folder exists and is writable, or choose another path.`,
      { cause: error },
    );
  }
}
