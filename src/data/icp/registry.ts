import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import { readIcp } from './icp-file.js';

/**
 * The local registry of ICP versions: a folder holding every ICP discovered, one file
 * `<id>.json` each. The id is a hash of the content (parent excepted), so one id is one
 * content and saving again changes nothing.
 */

/** The registry's folder name when none is given. */
export const REGISTRY_FOLDER = 'icp-versions';

/** The shortest id prefix that names a version. */
export const MIN_PREFIX = 4;

/**
 * Where the registry is: `registry` (the `--registry` option), else the environment variable
 * ICP_REGISTRY, else `icp-versions/` next to the config file, else `./icp-versions`.
 */
export function registryDir(
  options: { readonly registry?: string | undefined; readonly config?: string | undefined },
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  if (options.registry) return options.registry;
  if (env.ICP_REGISTRY) return env.ICP_REGISTRY;
  if (options.config) return join(dirname(options.config), REGISTRY_FOLDER);
  return REGISTRY_FOLDER;
}

/** An id is a file name in the registry: letters, digits, `-` and `_` only. */
function checkId(id: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new IcpError(
      'USAGE',
      `ICP id "${id}" cannot name a file in the registry (letters, digits, "-" and "_" only). Discover it again to get a content-hash id.`,
    );
  }
}

/**
 * Saves an ICP as `<dir>/<id>.json` (atomically, the folder created if needed) unless that file
 * exists already (same id, same content: the first one saved keeps its parent), and returns
 * its path.
 */
export async function saveVersion(dir: string, icp: IcpDefinition): Promise<string> {
  checkId(icp.id);
  const path = join(dir, `${icp.id}.json`);
  if (!(await exists(path))) await writeFileAtomic(path, `${JSON.stringify(icp, null, 2)}\n`);
  return path;
}

/** One version in the registry, as `icp versions` lists it. */
export interface VersionEntry {
  readonly id: string;
  readonly parent: string | null;
  readonly name: string;
  /** `provenance.as_of`: the date the data was taken as of ('' when unknown). */
  readonly asOf: string;
  readonly verdict: IcpDefinition['verdict']['kind'];
  /** Cross-validated AUC, null without a scorecard. */
  readonly auc: number | null;
  /** When the file was written (its modification time, ISO 8601). */
  readonly modified: string;
  readonly path: string;
}

/**
 * Every version in the registry (each file validated as `readIcp` does), oldest first by
 * `provenance.as_of`, then by id. A folder that does not exist holds none.
 */
export async function listVersions(dir: string): Promise<VersionEntry[]> {
  const files = await registryFiles(dir);
  const entries = await Promise.all(
    files.map(async (file): Promise<VersionEntry> => {
      const path = join(dir, file);
      const [icp, info] = await Promise.all([readIcp(path), stat(path)]);
      return {
        id: icp.id,
        parent: icp.parent,
        name: icp.name,
        asOf: icp.provenance.as_of,
        verdict: icp.verdict.kind,
        auc: icp.validation?.auc ?? null,
        modified: info.mtime.toISOString(),
        path,
      };
    }),
  );
  return entries.sort((a, b) => cmp(a.asOf, b.asOf) || cmp(a.id, b.id));
}

/**
 * Reads the ICP `ref` names: a file path if that file exists, else an id in the registry `dir`
 * or a unique prefix of one (at least four hex digits). Anything else is a usage error that
 * names the registry, the ids it holds and the closest one.
 */
export async function resolveIcp(
  ref: string,
  dir: string,
): Promise<{ icp: IcpDefinition; path: string }> {
  if (await isFile(ref)) return { icp: await readIcp(ref), path: ref };
  const other = await stat(ref).catch(() => undefined);
  if (other) {
    throw new IcpError(
      'USAGE',
      `${ref}: ${other.isDirectory() ? 'is a folder' : 'is not a regular file'}, not an ICP file. Pass the icp.json written by "icp discover", or an ICP id.`,
    );
  }
  const ids = (await registryFiles(dir)).map((f) => f.slice(0, -'.json'.length));
  let matches = ids.filter((id) => id === ref);
  if (matches.length === 0 && new RegExp(`^[0-9a-f]{${MIN_PREFIX},}$`, 'i').test(ref)) {
    const lower = ref.toLowerCase();
    matches = ids.filter((id) => id.toLowerCase().startsWith(lower));
  }
  if (matches.length === 1) {
    const path = join(dir, `${matches[0]}.json`);
    return { icp: await readIcp(path), path };
  }
  if (matches.length > 1) {
    throw new IcpError(
      'USAGE',
      `"${ref}" is the start of ${matches.length} ICP ids in the registry ${dir}: ${matches.slice(0, 10).join(', ')}. Give more of the id.`,
    );
  }
  if (ids.length === 0) {
    throw new IcpError(
      'USAGE',
      `"${ref}" is neither an ICP file nor an ICP id: no such file, and the registry ${dir} holds no ICP versions. Pass the icp.json written by "icp discover", or --registry DIR.`,
    );
  }
  const shown =
    ids.slice(0, 10).join(', ') + (ids.length > 10 ? `, ... (${ids.length} in all)` : '');
  // Suggest only a near miss (a typo of a few characters): any id is "closest" to an id from
  // another registry, and naming it would point at the wrong ICP.
  const near = closest(ref, ids);
  const suggestion =
    distance(ref, near) <= Math.max(2, Math.floor(ref.length / 5))
      ? `Did you mean ${near}?`
      : `No id there is close to it; if it is from another registry, pass --registry DIR.`;
  throw new IcpError(
    'USAGE',
    `"${ref}" is neither an ICP file nor an ICP id in the registry ${dir}, which holds ${shown}. ${suggestion} ("icp versions" lists them.)`,
  );
}

/** The `*.json` file names in the registry, sorted; none when the folder does not exist. */
async function registryFiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    throw new IcpError(
      'USAGE',
      `${dir}: cannot read the ICP registry (${code ?? String(error)}). Pass another folder with --registry DIR.`,
      { cause: error },
    );
  }
  return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).sort(cmp);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
