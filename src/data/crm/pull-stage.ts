import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../output/write-atomic.js';

/**
 * Where a pull keeps what it has read so far, so a pull killed halfway resumes without losing
 * or repeating a page: `DIR/.icp-pull/`, one NDJSON file per table per page (each written
 * whole, then renamed), and `checkpoint.json`, rewritten (whole, then renamed) only after a
 * page's files are in place. A page re-read after a kill overwrites its own file.
 */

/** A vendor's position in one object's listing: JSON, meaningful only to its source. */
export type PageCursor = Readonly<Record<string, string | number>>;

export interface ObjectProgress {
  /** Pages written. */
  readonly pages: number;
  /** Records of the object read so far. */
  readonly records: number;
  /** Where to read next; null once the object is complete. */
  readonly cursor: PageCursor | null;
  /** The incremental cursor the next pull starts from (epoch ms), once known. */
  readonly nextSince: number | null;
  /** How many records the API said the object holds, once known (a resumed bar counts on to it). */
  readonly total?: number;
}

export interface Checkpoint {
  readonly version: 1;
  /** What was asked (vendor, mode, fields): a resume only continues the same pull. */
  readonly plan: string;
  readonly objects: Readonly<Record<string, ObjectProgress>>;
}

export const STAGE_DIR = '.icp-pull';

export class PullStage {
  readonly dir: string;

  constructor(out: string) {
    this.dir = join(out, STAGE_DIR);
  }

  /** The checkpoint left by a pull of the same plan, else undefined (any other is discarded). */
  async resume(plan: string): Promise<Checkpoint | undefined> {
    let saved: Checkpoint | undefined;
    try {
      saved = JSON.parse(await readFile(join(this.dir, 'checkpoint.json'), 'utf8')) as Checkpoint;
    } catch {
      saved = undefined;
    }
    if (saved?.version === 1 && saved.plan === plan) return saved;
    await this.discard();
    return undefined;
  }

  /** Writes one page's rows, table by table, then moves the checkpoint past it. */
  async writePage(
    object: string,
    page: number,
    rows: Readonly<Record<string, readonly Record<string, unknown>[]>>,
    checkpoint: Checkpoint,
  ): Promise<void> {
    for (const [table, list] of Object.entries(rows)) {
      const dir = join(this.dir, table);
      await mkdir(dir, { recursive: true });
      const text = list.map((r) => `${JSON.stringify({ ...r, _page: page })}\n`).join('');
      await writeFileAtomic(join(dir, `${object}-${String(page).padStart(6, '0')}.ndjson`), text);
    }
    await this.save(checkpoint);
  }

  async save(checkpoint: Checkpoint): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(join(this.dir, 'checkpoint.json'), JSON.stringify(checkpoint));
  }

  /** The page files of a table, in page order (temporary files left by a kill are not). */
  async pageFiles(table: string): Promise<string[]> {
    try {
      const names = await readdir(join(this.dir, table));
      return names
        .filter((n) => !n.startsWith('.') && n.endsWith('.ndjson'))
        .sort()
        .map((n) => join(this.dir, table, n));
    } catch {
      return [];
    }
  }

  async discard(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
