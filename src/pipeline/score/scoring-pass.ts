import { rm } from 'node:fs/promises';
import { TIERS } from '../../core/icp/record-score.js';
import { TALLY_PREFIX } from '../../core/icp/tally-sql.js';
import { csvSelectList } from '../../core/sql/csv-formula.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { columnTypes } from '../../data/db/column-types.js';
import { Database, num, type Row } from '../../data/db/database.js';
import { databaseDefaults } from '../../data/db/database-options.js';
import { tempPathFor, trackTemp, untrackTemp } from '../../data/output/temp-files.js';
import { copySql, streamInOrder } from './ordered-copy.js';
import { appendFile, partReaders, runParts } from './score-parts.js';

/** Where one part of the rows is scored: its database, the file it writes, what it reads. */
export interface ScoringPart {
  readonly db: Database;
  readonly temp: string;
  readonly from: string;
  /** The share of the input's rows it reads before its own (0 for the first part). */
  readonly skip: number;
}

/** Progress of the pass as `done` out of 100, rising, 100 at its end. */
export type PassProgress = (done: number) => void;

/** How often DuckDB's progress is read while a pass runs. */
const PROGRESS_INTERVAL_MS = 200;

/**
 * The parts of the pass: the whole input in `db` when `at` is undefined; else its first `at`
 * rows (of about `rows`) in `db` and the rest in a second database, each database given half of
 * the memory limit, the second part writing to a temp file of its own beside `target`.
 */
export async function openParts(
  db: Database,
  reader: string,
  split: { readonly at: number; readonly rows: number } | undefined,
  temp: string,
  target: string,
): Promise<ScoringPart[]> {
  if (split === undefined) return [{ db, temp, from: reader, skip: 0 }];
  const defaults = databaseDefaults();
  const half = defaults.memoryLimit === undefined ? undefined : defaults.memoryLimit / 2;
  if (half !== undefined) await db.setMemoryLimit(half);
  const second = await Database.open(
    half === undefined ? defaults : { ...defaults, memoryLimit: half },
  );
  const secondTemp = tempPathFor(target);
  trackTemp(secondTemp);
  const [first, rest] = partReaders(reader, split.at);
  return [
    { db, temp, from: first, skip: 0 },
    { db: second, temp: secondTemp, from: rest, skip: Math.min(split.at / split.rows, 1) },
  ];
}

/**
 * Creates in each part's database the temporary sequences of the summary's counts (`keys` of
 * `tallyKeys`) and the view `scored`: `sql` (the compiled scoring SQL) over the part's rows.
 */
export async function prepareParts(
  parts: readonly ScoringPart[],
  keys: readonly string[],
  sql: (from: string) => string,
): Promise<void> {
  for (const part of parts) {
    await part.db.run(keys.map((k) => `CREATE TEMP SEQUENCE ${TALLY_PREFIX}${k};`).join('\n'));
    await part.db.run(`CREATE TEMP VIEW scored AS ${sql(part.from)}`);
  }
}

/**
 * The counts of the scoring pass by key, summed over its parts, and `n` the rows (a sequence
 * never called counted nothing).
 */
export async function tallied(parts: readonly ScoringPart[]): Promise<Row> {
  const counts: Record<string, number> = {};
  for (const { db } of parts) {
    const rows = await db.all(
      `SELECT sequence_name AS k, coalesce(last_value, 0) AS n FROM duckdb_sequences() WHERE starts_with(sequence_name, ${quoteLiteral(TALLY_PREFIX)})`,
    );
    for (const r of rows) {
      const key = String(r.k).slice(TALLY_PREFIX.length);
      counts[key] = (counts[key] ?? 0) + num(r.n);
    }
  }
  counts.n = TIERS.reduce((n, _, k) => n + (counts[`t${k}`] ?? 0), 0);
  return counts;
}

/** Closes the databases and removes the temp files of every part but the first (the caller's). */
export async function closeParts(parts: readonly ScoringPart[]): Promise<void> {
  for (const part of parts.slice(1)) {
    part.db.close();
    await rm(part.temp, { force: true });
    untrackTemp(part.temp);
  }
}

/**
 * Writes the view `scored` of every part to the first part's temp file: one COPY per part on one
 * thread each (ordered-copy.ts), run at once, the later parts' files then appended in order.
 * Spreadsheet formulas in text cells are neutralised inside DuckDB's projection (`neutralise`).
 */
export async function writeParts(
  parts: readonly ScoringPart[],
  format: string,
  neutralise: boolean,
  onProgress: PassProgress | undefined,
): Promise<void> {
  const first = parts[0]!;
  const columns = neutralise ? await columnTypes(first.db, 'scored') : null;
  const select = `SELECT ${columns ? csvSelectList(columns) : '*'} FROM scored`;
  for (const part of parts) {
    // DuckDB does not track a query's progress unless asked; it never prints it here.
    if (onProgress) await part.db.trackProgress();
    await streamInOrder(part.db);
  }
  const ended = parts.map(() => false);
  const shown = { done: 0 };
  const timer = onProgress
    ? setInterval(() => report(parts, ended, shown, onProgress), PROGRESS_INTERVAL_MS)
    : undefined;
  try {
    // The COPYs run on DuckDB's threads, leaving the event loop free to read their progress.
    await runParts(
      parts.map((p) => p.db),
      async (db, i) => {
        await db.run(copySql(select, parts[i]!.temp, format, i === 0));
        ended[i] = true;
      },
    );
  } finally {
    clearInterval(timer);
  }
  for (const part of parts.slice(1)) await appendFile(part.temp, first.temp);
  onProgress?.(100);
}

/**
 * Reports the pass's progress when it rose above `shown.done` (only real estimates, never
 * decreasing): each part's share of the rows times how far it is through them (a part that
 * skips rows first counts from where they end; an ended part is through).
 */
function report(
  parts: readonly ScoringPart[],
  ended: readonly boolean[],
  shown: { done: number },
  onProgress: PassProgress,
) {
  let done = 0;
  let known = false;
  parts.forEach((part, i) => {
    const end = parts[i + 1]?.skip ?? 1;
    const share = end - part.skip;
    const p = part.db.progress();
    if (p !== undefined) known = true;
    const through = ended[i] ? 1 : Math.max(0, ((p ?? 0) / 100 - part.skip) / share);
    done += share * Math.min(through, 1) * 100;
  });
  if (!known || done <= shown.done) return;
  shown.done = Math.min(done, 100);
  onProgress(shown.done);
}
