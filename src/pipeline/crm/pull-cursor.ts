import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import { type CrmVendor, VENDOR_LABEL } from '../../data/crm/crm-vendor.js';
import { writeFileAtomic } from '../../data/output/write-atomic.js';

/**
 * `DIR/crm-cursor.json`: what the last complete pull into DIR read, so the next one reads only
 * the records changed since (per object, an epoch-ms time a little before that pull began).
 */
export interface PullCursor {
  readonly vendor: CrmVendor;
  readonly fields: readonly string[];
  readonly objects: Readonly<Record<string, { readonly since: number; readonly records: number }>>;
  /** SHA-256 of the icp.config.yaml the pull wrote: a config that differs was edited since. */
  readonly config?: string;
}

export const CURSOR_FILE = 'crm-cursor.json';

export async function readPullCursor(
  out: string,
  vendor: CrmVendor,
): Promise<PullCursor | undefined> {
  let saved: PullCursor;
  try {
    saved = JSON.parse(await readFile(join(out, CURSOR_FILE), 'utf8')) as PullCursor;
  } catch {
    return undefined;
  }
  if (saved.vendor !== vendor)
    throw new IcpError(
      'USAGE',
      `${out} holds a pull from ${VENDOR_LABEL[saved.vendor] ?? saved.vendor} (${CURSOR_FILE}); pull ${VENDOR_LABEL[vendor]} into another folder.`,
    );
  return saved;
}

export async function writePullCursor(out: string, cursor: PullCursor): Promise<void> {
  await writeFileAtomic(join(out, CURSOR_FILE), `${JSON.stringify(cursor, null, 2)}\n`);
}
