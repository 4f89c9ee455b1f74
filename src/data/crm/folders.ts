import { access, mkdir } from 'node:fs/promises';
import { IcpError } from '../../core/errors/icp-error.js';

/** Creates an output folder (and its parents), or says which option to change. */
export async function makeFolder(dir: string, option: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new IcpError(
      'OUTPUT',
      `${option} ${dir}: cannot create the folder (${(error as NodeJS.ErrnoException).code ?? String(error)}). Choose another folder.`,
      { cause: error },
    );
  }
}

/** Whether a file or folder exists. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
