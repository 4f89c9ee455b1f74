import type { IcpDefinition } from '../../core/icp/definition.js';
import { readIcp, writeIcp } from '../../data/icp/icp-file.js';
import { registryDir, resolveIcp, saveVersion } from '../../data/icp/registry.js';

/** How a discovered ICP is versioned: its parent, where it is written, where it is kept. */
export interface LineageOptions {
  /**
   * The file to write the ICP to. The ICP that file holds before it is replaced is the parent,
   * unless `parent` names another.
   */
  readonly out?: string;
  /** The ICP this one is re-discovered from: a file, or an id (or unique prefix) in the registry. */
  readonly parent?: string;
  /**
   * The registry folder to save the ICP in, or false to save no version. Default:
   * $ICP_REGISTRY, else `icp-versions/` next to the config, else `./icp-versions`.
   */
  readonly registry?: string | false;
  /** The config the ICP is discovered from (its folder holds the default registry). */
  readonly config?: string;
}

/** A discovered ICP with its lineage recorded, and where it was written and saved. */
export interface Versioned {
  readonly icp: IcpDefinition;
  /** The file written (`out`), or null. */
  readonly out: string | null;
  /** The registry file the ICP is saved as, or null with `registry: false`. */
  readonly saved: string | null;
}

/**
 * Runs a discovery and versions its ICP: records its parent (read before `out` is replaced),
 * writes `out`, and saves the ICP in the registry. The parent is outside the content hash, so
 * the id stays; re-discovered to the same content, the ICP keeps its parent's lineage rather
 * than naming itself.
 *
 * @example const { icp, saved } = await withLineage({ out: 'icp.json', config }, () => discover(config, { registry: false }));
 */
export async function withLineage(
  options: LineageOptions,
  discoverIcp: () => Promise<IcpDefinition>,
): Promise<Versioned> {
  const { out, parent: parentRef, registry, config } = options;
  const dir = registry === false ? undefined : registryDir({ registry, config });
  const parent =
    parentRef !== undefined
      ? (await resolveIcp(parentRef, dir ?? registryDir({ config }))).icp
      : out !== undefined
        ? await readIcp(out).catch(() => undefined)
        : undefined;
  let icp = await discoverIcp();
  if (parent) icp = { ...icp, parent: parent.id !== icp.id ? parent.id : parent.parent };
  if (out !== undefined) await writeIcp(out, icp);
  const saved = dir === undefined ? null : await saveVersion(dir, icp);
  return { icp, out: out ?? null, saved };
}
