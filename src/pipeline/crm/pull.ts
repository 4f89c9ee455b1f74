import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import {
  type CanonicalFile,
  publishCanonicalFiles,
  writeCanonicalFile,
} from '../../data/crm/canonical-files.js';
import type { ApiUsage } from '../../data/crm/crm-session.js';
import type { CrmVendor } from '../../data/crm/crm-vendor.js';
import { makeFolder } from '../../data/crm/folders.js';
import { HubSpotSource } from '../../data/crm/hubspot-source.js';
import type { PullSource } from '../../data/crm/pull-source.js';
import { type Checkpoint, type ObjectProgress, PullStage } from '../../data/crm/pull-stage.js';
import { SalesforceSource } from '../../data/crm/salesforce-source.js';
import { Database } from '../../data/db/database.js';
import { writeFileAtomic } from '../../data/output/write-atomic.js';
import { type ConnectOptions, connectCrm } from './connect.js';
import { pullConfigYaml } from './pull-config.js';
import { type PullCursor, readPullCursor, writePullCursor } from './pull-cursor.js';

/**
 * How long before a pull began the next incremental pull starts reading: covers clock skew
 * and changes the CRM's search index had not yet seen. Records read twice merge into one.
 */
const SINCE_MARGIN_MS = 5 * 60_000;

export interface PullOptions extends ConnectOptions {
  /** The folder the canonical files, the config and the cursor are written to. */
  readonly out: string;
  /** Extra company / Account properties to read, by internal / API name. */
  readonly fields?: readonly string[];
  /** Read every record again, even when a cursor says what changed. */
  readonly full?: boolean;
  readonly onProgress?: (object: string, done: number, total: number | undefined) => void;
  /** Things worth a line in a log: a resumed pull, a full pull instead of incremental. */
  readonly onNote?: (text: string) => void;
}

export interface PullResult {
  readonly vendor: CrmVendor;
  readonly out: string;
  readonly mode: 'full' | 'incremental';
  /** Whether this run continued one that was stopped. */
  readonly resumed: boolean;
  /** Per object: records read in this pull, rows now in its file. */
  readonly objects: readonly { name: string; table: string; read: number; rows: number }[];
  readonly config: string;
  /** API requests sent (retries included) and the day's usage the API last reported. */
  readonly calls: number;
  readonly usage: ApiUsage | undefined;
  readonly warnings: readonly string[];
}

/**
 * Reads a CRM into canonical Parquet files and a ready icp.config.yaml in `out`. Pages are
 * written to disk as they come (memory holds one page), with a checkpoint after each, so a
 * pull stopped anywhere resumes where it stopped; the files are replaced only when every
 * object is read. After the first pull, only records changed since the last one are read.
 *
 * @example await pullCrm('hubspot', { out: 'crm' }); // HUBSPOT_TOKEN from the environment
 */
export async function pullCrm(vendor: CrmVendor, options: PullOptions): Promise<PullResult> {
  const out = resolve(options.out);
  const fields = [...(options.fields ?? [])];
  const connection = await connectCrm(vendor, options);
  const source =
    connection.vendor === 'hubspot'
      ? new HubSpotSource(connection.api, fields)
      : new SalesforceSource(connection.api, fields);
  await makeFolder(out, '--out');
  const previous = await readPullCursor(out, vendor);
  const sameFields = previous !== undefined && previous.fields.join(',') === fields.join(',');
  const incremental = previous !== undefined && sameFields && options.full !== true;
  if (previous && !sameFields && !options.full)
    options.onNote?.(
      `--fields changed since the last pull (${previous.fields.join(', ') || 'none'}): reading every record again.`,
    );
  const plan = JSON.stringify({ vendor, fields, since: incremental ? previous.objects : null });
  const stage = new PullStage(out);
  const saved = await stage.resume(plan);
  if (saved) options.onNote?.(`resuming the pull stopped at ${describeStop(saved)}.`);
  await source.prepare();
  let checkpoint: Checkpoint = saved ?? { version: 1, plan, objects: {} };
  for (const object of source.objects) {
    const since = incremental ? (previous.objects[object.name]?.since ?? null) : null;
    checkpoint = await pullObject(source, stage, checkpoint, object.name, since, options);
  }
  const written = await writeFiles(source.files, stage, out, incremental);
  const config = join(out, 'icp.config.yaml');
  const configHash = await writeConfig(
    config,
    pullConfigYaml(vendor, source.files, source.notes()),
    previous,
    options,
  );
  const cursor: PullCursor = {
    vendor,
    fields,
    ...(configHash === undefined ? {} : { config: configHash }),
    objects: Object.fromEntries(
      source.objects.map((o) => {
        const p = checkpoint.objects[o.name]!;
        return [o.name, { since: p.nextSince ?? Date.now() - SINCE_MARGIN_MS, records: p.records }];
      }),
    ),
  };
  await writePullCursor(out, cursor);
  await stage.discard();
  return {
    vendor,
    out,
    mode: incremental ? 'incremental' : 'full',
    resumed: saved !== undefined,
    objects: source.objects.map((o) => ({
      name: o.name,
      table: o.table,
      read: checkpoint.objects[o.name]!.records,
      rows: written.get(o.table) ?? 0,
    })),
    config,
    calls: source.http.calls,
    usage: source.http.usage,
    warnings: [...connection.warnings, ...source.warnings()],
  };
}

/**
 * Writes the config, unless the one in place was edited since the last pull wrote it (or was
 * there before any pull): edits are the user's, kept, and said so. Returns the SHA-256 of
 * the config the pull stands behind.
 */
async function writeConfig(
  path: string,
  text: string,
  previous: PullCursor | undefined,
  options: PullOptions,
): Promise<string | undefined> {
  const sha = (t: string) => createHash('sha256').update(t).digest('hex');
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined && existing !== text && sha(existing) !== previous?.config) {
    options.onNote?.(
      `kept ${path}: it was edited (or not written by a pull). Delete it to get the config this pull would write.`,
    );
    return previous?.config;
  }
  await writeFileAtomic(path, text);
  return sha(text);
}

/** Reads one object page by page from where the checkpoint left it. */
async function pullObject(
  source: PullSource,
  stage: PullStage,
  start: Checkpoint,
  name: string,
  since: number | null,
  options: PullOptions,
): Promise<Checkpoint> {
  let checkpoint = start;
  let progress: ObjectProgress = checkpoint.objects[name] ?? {
    pages: 0,
    records: 0,
    cursor: source.start(name, since),
    nextSince: null,
  };
  let total = progress.total;
  while (progress.cursor) {
    let page: Awaited<ReturnType<PullSource['page']>>;
    try {
      page = await source.page(name, progress.cursor);
    } catch (error) {
      if (!(error instanceof IcpError)) throw error;
      throw new IcpError(
        error.code,
        `${error.message} The pull stopped at ${name} page ${progress.pages + 1} (${progress.records.toLocaleString('en-US')} ${name} read); run the same command again to resume from there.`,
        { cause: error },
      );
    }
    total ??= page.total === undefined ? undefined : page.total + progress.records;
    progress = {
      pages: progress.pages + 1,
      records: progress.records + page.records,
      cursor: page.next,
      // The clock of the server's first answer for this object, less a margin.
      nextSince: progress.nextSince ?? (source.http.serverTime ?? Date.now()) - SINCE_MARGIN_MS,
      ...(total === undefined ? {} : { total }),
    };
    checkpoint = { ...checkpoint, objects: { ...checkpoint.objects, [name]: progress } };
    await stage.writePage(name, progress.pages, page.rows, checkpoint);
    options.onProgress?.(name, progress.records, total);
  }
  if (!checkpoint.objects[name]) {
    checkpoint = { ...checkpoint, objects: { ...checkpoint.objects, [name]: progress } };
    await stage.save(checkpoint);
  }
  return checkpoint;
}

/** Writes every canonical file from the staged pages, then publishes them all at once. */
async function writeFiles(
  files: readonly CanonicalFile[],
  stage: PullStage,
  out: string,
  incremental: boolean,
): Promise<Map<string, number>> {
  const db = await Database.open();
  try {
    const written = [];
    for (const file of files)
      written.push({
        ...(await writeCanonicalFile(db, stage, file, out, incremental)),
        table: file.table,
      });
    await publishCanonicalFiles(written);
    return new Map(written.map((w) => [w.table, w.rows]));
  } finally {
    db.close();
  }
}

function describeStop(checkpoint: Checkpoint): string {
  const entries = Object.entries(checkpoint.objects);
  const open = entries.find(([, p]) => p.cursor !== null) ?? entries.at(-1);
  if (!open) return 'its start';
  const [name, p] = open;
  return p.cursor === null
    ? `the end of ${name} (${p.records.toLocaleString('en-US')} read)`
    : `${name} page ${p.pages + 1} (${p.records.toLocaleString('en-US')} ${name} read)`;
}
