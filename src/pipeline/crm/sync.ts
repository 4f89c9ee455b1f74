import { join, resolve } from 'node:path';
import { formatCount } from '../../core/issues/data-issue.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import type { CrmVendor } from '../../data/crm/crm-vendor.js';
import { makeFolder, pathExists } from '../../data/crm/folders.js';
import { readIcp } from '../../data/icp/icp-file.js';
import { registryDir, resolveIcp } from '../../data/icp/registry.js';
import { discover } from '../discover/discover-config.js';
import type { ConnectOptions } from './connect.js';
import { type PullOptions, type PullResult, pullCrm } from './pull.js';
import { type PushResult, pushScores } from './push.js';
import { type ScoredAccounts, scoreAccounts } from './score-accounts.js';
import { acquireLock } from './sync-lock.js';

export interface SyncOptions extends Omit<PullOptions, 'out' | 'onProgress'> {
  /** The folder of the pull, the ICP, the scores, the report and the lock. */
  readonly dir: string;
  /** An ICP to score with (a file, or an id in DIR/icp-versions); default DIR/icp.json. */
  readonly icp?: string;
  /** Discover again even when DIR/icp.json exists (it becomes the new one's parent). */
  readonly rediscover?: boolean;
  /** Write to the CRM (without it, the push is a dry run). */
  readonly apply?: boolean;
  readonly createFields?: boolean;
  /** The date the data is checked against (YYYY-MM-DD); default today. */
  readonly today?: string;
  readonly onProgress?: (stage: string, done: number, total: number | undefined) => void;
}

export interface SyncResult {
  readonly pull: PullResult;
  readonly icp: { readonly id: string; readonly how: 'discovered' | 'reused' | 'given' };
  readonly scored: ScoredAccounts;
  readonly push: PushResult;
  /** A stale lock replaced (its process had gone), for the log. */
  readonly staleLock: { readonly pid: number; readonly started: string } | undefined;
  /** One line for a log, saying what happened. */
  readonly summary: string;
}

export const SYNC_LOCK = '.icp-sync.lock';

/**
 * The scheduled re-scoring in one call, safe from cron: pull (incremental after the first
 * time), discover the ICP or reuse DIR/icp.json, score every account, push the changed ones.
 * A lock file keeps two runs on one folder from overlapping.
 *
 * @example await syncCrm('hubspot', { dir: 'crm', apply: true });
 */
export async function syncCrm(vendor: CrmVendor, options: SyncOptions): Promise<SyncResult> {
  const dir = resolve(options.dir);
  const { onProgress, onNote } = options;
  await makeFolder(dir, '--dir');
  const lock = await acquireLock(join(dir, SYNC_LOCK));
  try {
    if (lock.replaced)
      onNote?.(
        `replaced a stale lock of pid ${lock.replaced.pid} (started ${lock.replaced.started}): that run is gone.`,
      );
    const pull = await pullCrm(vendor, {
      ...connectOptions(options),
      ...(options.fields ? { fields: options.fields } : {}),
      ...(options.full ? { full: true } : {}),
      ...(onNote ? { onNote } : {}),
      out: dir,
      ...(onProgress ? { onProgress: (o, d, t) => onProgress(`pull ${o}`, d, t) } : {}),
    });
    const config = join(dir, 'icp.config.yaml');
    const chosen = await chooseIcp(dir, config, options);
    onProgress?.('scoring', 0, undefined);
    const scored = await scoreAccounts(config, chosen.icp, join(dir, 'scored.parquet'), {
      ...(options.today ? { today: options.today } : {}),
    });
    const push = await pushScores(vendor, {
      ...connectOptions(options),
      ...(options.apply === undefined ? {} : { apply: options.apply }),
      ...(options.createFields === undefined ? {} : { createFields: options.createFields }),
      icp: chosen.icp,
      scored: scored.out,
      current: join(dir, 'crm_icp.parquet'),
      report: join(dir, 'push-report.ndjson'),
      ...(onProgress ? { onProgress: (d: number, t: number) => onProgress('push', d, t) } : {}),
    });
    const icp = { id: chosen.icp.id, how: chosen.how };
    return {
      pull,
      icp,
      scored,
      push,
      staleLock: lock.replaced,
      summary: summaryLine(vendor, pull, icp, scored, push),
    };
  } finally {
    await lock.release();
  }
}

/** The options both the pull and the push connect with. */
function connectOptions(options: SyncOptions): ConnectOptions {
  return {
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.http ? { http: options.http } : {}),
  };
}

async function chooseIcp(
  dir: string,
  config: string,
  options: SyncOptions,
): Promise<{ icp: IcpDefinition; how: 'discovered' | 'reused' | 'given' }> {
  if (options.icp)
    return { icp: (await resolveIcp(options.icp, registryDir({ config }))).icp, how: 'given' };
  const current = join(dir, 'icp.json');
  if (!options.rediscover && (await pathExists(current)))
    return { icp: await readIcp(current), how: 'reused' };
  options.onProgress?.('discovering', 0, undefined);
  const icp = await discover(config, {
    out: current,
    ...(options.today ? { today: options.today } : {}),
  });
  return { icp, how: 'discovered' };
}

/** "icp sync hubspot: pulled ...; ICP ... reused; scored ...; pushed ...; N API calls." */
function summaryLine(
  vendor: CrmVendor,
  pull: PullResult,
  icp: SyncResult['icp'],
  scored: ScoredAccounts,
  push: PushResult,
): string {
  const n = formatCount;
  const read = pull.objects.map((o) => `${n(o.read)} ${o.name}`).join(', ');
  const tiers = Object.entries(scored.tiers)
    .map(([t, c]) => `${t} ${n(c)}`)
    .join(', ');
  const wrote = push.applied
    ? `pushed ${n(push.updated)} changed of ${n(push.records)}${push.failed.length > 0 ? ` (${n(push.failed.length)} failed: see ${push.report})` : ''}`
    : `would push ${n(push.changed)} changed of ${n(push.records)} (dry run: add --apply)`;
  const calls = pull.calls + push.calls;
  const usage = push.usage ?? pull.usage;
  return `icp sync ${vendor}: read ${read} (${pull.mode}${pull.resumed ? ', resumed' : ''}); ICP ${icp.id} ${icp.how}; scored ${n(scored.rows)} accounts (${tiers}); ${wrote}; ${n(calls)} API calls${usage ? ` (daily usage ${n(usage.used)} of ${n(usage.limit)})` : ''}.`;
}
