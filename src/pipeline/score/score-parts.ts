import { open, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { type Database, num } from '../../data/db/database.js';
import type { OpenedSource } from '../../data/source/read-raw.js';

/**
 * The scoring pass in two parts at once: the first `at` rows of the input and the rest, each in
 * a database of its own on one thread (a plain streaming COPY each, in order, nothing held: see
 * ordered-copy.ts), each to a file of its own, the second's bytes then appended to the first's.
 * A CSV part without its header row and newline-delimited JSON join into the bytes one COPY
 * writes; Parquet files do not, so Parquet is written in one part. See docs/scoring.md, "Two
 * parts on two threads".
 */

/** Output formats whose files join by their bytes (CSV, the second without its header; NDJSON). */
const JOINABLE = new Set(['csv', 'json']);

/**
 * Fewer rows (as estimated) stay one part: a second database and the second part's reading of
 * the first part's rows cost more than the second thread saves.
 */
export const SPLIT_MIN_ROWS = 100_000;

/**
 * Below this memory limit the pass stays one part: each part's database gets half the limit,
 * and a scan needs some room.
 */
export const SPLIT_MIN_MEMORY = 256 * 2 ** 20;

/**
 * The first part's share of the rows. The second part also reads (not scores) the first part's
 * rows to skip them, so the first takes a little more than half for both to end together.
 */
const FIRST_SHARE = 0.53;

/** Bytes read from the start of a text file to estimate its bytes per row. */
const SAMPLE_BYTES = 1 << 20;

/** The buffer appending a part's file to the first's. */
const APPEND_BUFFER_BYTES = 4 << 20;

/**
 * The row where the second part starts, or undefined to score in one part: output in a
 * joinable format, at least `SPLIT_MIN_ROWS` rows, a memory limit (if any) of at least
 * `SPLIT_MIN_MEMORY`, and a second core (on one, the second part only adds work).
 *
 * @example splitRow(1_000_000, 'csv', undefined, 2) // => 530000
 */
export function splitRow(
  rows: number,
  format: string,
  memoryLimit: number | undefined,
  cores = availableParallelism(),
): number | undefined {
  if (!JOINABLE.has(format) || rows < SPLIT_MIN_ROWS || cores < 2) return undefined;
  if (memoryLimit !== undefined && memoryLimit < SPLIT_MIN_MEMORY) return undefined;
  return Math.round(rows * FIRST_SHARE);
}

/**
 * About how many rows the source has: Parquet's count from its metadata; a text file's size
 * over the bytes per line of its first MiB, less a header line (a field with a line break makes
 * it an overestimate). Only where the parts meet depends on it, never what is written.
 */
export async function estimateRows(db: Database, opened: OpenedSource): Promise<number> {
  if (opened.format === 'parquet')
    return num((await db.one(`SELECT count(*) AS n FROM ${opened.reader}`))?.n);
  const size = (await stat(opened.readPath)).size;
  const file = await open(opened.readPath, 'r');
  try {
    const sample = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    const { bytesRead } = await file.read(sample, 0, sample.length, 0);
    let lines = 0;
    for (let at = sample.indexOf(10); at !== -1 && at < bytesRead; at = sample.indexOf(10, at + 1))
      lines++;
    const header = opened.format === 'csv' || opened.format === 'tsv' ? 1 : 0;
    return Math.max(0, Math.floor((size * lines) / Math.max(bytesRead, 1)) - header);
  } finally {
    await file.close();
  }
}

/** The two parts' readers: the first `at` rows of `reader`, and the rows after them. */
export function partReaders(reader: string, at: number): [string, string] {
  return [`(SELECT * FROM ${reader} LIMIT ${at})`, `(SELECT * FROM ${reader} OFFSET ${at})`];
}

/**
 * Appends the bytes of the file `from` to the file `to`, through one buffer: memory stays at
 * that buffer (a piped stream held about 33 MB of chunks for the collector while appending 300
 * MB; the pass's peak was the same either way).
 */
export async function appendFile(from: string, to: string): Promise<void> {
  const source = await open(from, 'r');
  const target = await open(to, 'a');
  try {
    const buffer = Buffer.allocUnsafe(APPEND_BUFFER_BYTES);
    for (;;) {
      const { bytesRead } = await source.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      let written = 0;
      while (written < bytesRead)
        written += (await target.write(buffer, written, bytesRead - written)).bytesWritten;
    }
  } finally {
    await source.close();
    await target.close();
  }
}

/**
 * Runs `copy` on each part's database at once and waits for all. On the first failure the
 * other parts are interrupted, and that failure is thrown (not an interrupted part's).
 */
export async function runParts(
  dbs: readonly Database[],
  copy: (db: Database, part: number) => Promise<void>,
): Promise<void> {
  let failure: { error: unknown } | undefined;
  await Promise.all(
    dbs.map((db, part) =>
      copy(db, part).catch((error: unknown) => {
        if (failure) return;
        failure = { error };
        for (const other of dbs) if (other !== db) other.connection.interrupt();
      }),
    ),
  );
  if (failure) throw failure.error;
}
