import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';

/** A file a command is about to write, with the flag that named it (for the message). */
export interface OutputPath {
  /** The flag that named it, or '' for a path the command chooses itself. */
  readonly flag: string;
  readonly path: string;
  /** What to do instead; by default "choose another path". */
  readonly fix?: string;
}

/** A file a command reads, with what it is to the command (for the message). */
export interface InputPath {
  readonly path: string;
  /** E.g. "the --data file", "the accounts source of demo/icp.config.yaml". */
  readonly role: string;
}

/**
 * Refuses, before anything runs, an output that is one of the command's inputs: the same file
 * after symlinks (real paths) or another name of it (a hard link: same device and inode).
 * An output that does not exist yet is compared by the real path of its folder.
 *
 * @example await guardOutputs([{ flag: '--out', path: 'scored.csv' }], [{ path: 'leads.csv', role: 'the --data file' }]);
 */
export async function guardOutputs(
  outputs: readonly OutputPath[],
  inputs: readonly InputPath[],
): Promise<void> {
  const known = await Promise.all(inputs.map(async (i) => ({ ...i, id: await identity(i.path) })));
  for (const out of outputs) {
    const id = await identity(out.path);
    const hit = known.find((i) => sameFile(id, i.id));
    if (hit) {
      throw new IcpError(
        'USAGE',
        `${out.flag ? `${out.flag} ` : ''}${out.path} is an input of this command (${hit.role}); ${out.fix ?? 'choose another path'}: the input is never overwritten.`,
      );
    }
  }
}

interface FileIdentity {
  readonly real: string;
  /** Device and inode when the file exists. */
  readonly inode?: { dev: number; ino: number };
}

async function identity(path: string): Promise<FileIdentity> {
  const real = await realOrPlanned(resolve(path));
  try {
    const s = await stat(path);
    return { real, inode: { dev: s.dev, ino: s.ino } };
  } catch {
    return { real };
  }
}

/** The real path of a file, or of the nearest folder above it that exists plus the rest. */
async function realOrPlanned(absolute: string): Promise<string> {
  try {
    return await realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    if (parent === absolute) return absolute;
    return join(await realOrPlanned(parent), basename(absolute));
  }
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  if (a.real === b.real) return true;
  return (
    a.inode !== undefined &&
    b.inode !== undefined &&
    a.inode.dev === b.inode.dev &&
    a.inode.ino === b.inode.ino
  );
}
