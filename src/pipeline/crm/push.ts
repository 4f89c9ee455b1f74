import { appendFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import type { ApiUsage } from '../../data/crm/crm-session.js';
import { type CrmVendor, VENDOR_LABEL } from '../../data/crm/crm-vendor.js';
import { type PushRow, type PushTarget, pushTarget } from '../../data/crm/push-target.js';
import { Database, num, str } from '../../data/db/database.js';
import { type ConnectOptions, connectCrm } from './connect.js';
import {
  loadCurrent,
  loadScored,
  planChanges,
  type TierTransition,
  transitions,
} from './push-plan.js';

export interface PushOptions extends ConnectOptions {
  readonly icp: IcpDefinition;
  /** A file written by `icp score` (or `icp sync`): the record id and icp_* columns. */
  readonly scored: string;
  /** The column of `scored` holding the record id; by default recognised by its header. */
  readonly idColumn?: string;
  /** Write to the CRM; without it, a dry run that says what would change. */
  readonly apply?: boolean;
  /** Create the ICP properties / fields when missing (default true). */
  readonly createFields?: boolean;
  /** The CRM's current values as a pull saw them (`crm_icp.parquet`); else read from the CRM. */
  readonly current?: string;
  /** Where the report goes (NDJSON); default `<vendor>-push-report.ndjson` beside `scored`. */
  readonly report?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface PushResult {
  readonly vendor: CrmVendor;
  readonly icp: string;
  readonly applied: boolean;
  /** Records in the scored file. */
  readonly records: number;
  /** Records whose ICP values differ from the CRM's: written with --apply. */
  readonly changed: number;
  readonly updated: number;
  readonly failed: readonly { readonly id: string; readonly message: string }[];
  readonly transitions: readonly TierTransition[];
  /** The first changes, for a glance: id, old and new tier and score. */
  readonly examples: readonly {
    id: string;
    from: string | null;
    to: string;
    oldScore: number | null;
    score: number;
  }[];
  /** Fields created (apply) or that would be (dry run). */
  readonly fieldsCreated: readonly string[];
  readonly report: string;
  readonly calls: number;
  readonly usage: ApiUsage | undefined;
}

/**
 * Writes each record's ICP score, tier, reasons and ICP id to the CRM, for the records whose
 * values differ from what the CRM holds, through its batch endpoint. A dry run unless
 * `apply`. Every record written or refused is appended to the report as it happens, so a run
 * that stops halfway (or is killed) still says which records were updated; run again, it
 * writes only the rest.
 *
 * @example await pushScores('hubspot', { icp, scored: 'scored.parquet', apply: true });
 */
export async function pushScores(vendor: CrmVendor, options: PushOptions): Promise<PushResult> {
  const { icp, apply = false } = options;
  const connection = await connectCrm(vendor, options);
  const target = pushTarget(connection.api);
  const report = resolve(options.report ?? defaultReport(vendor, options.scored));
  // The report is written as the run goes (not renamed into place at the end): a run killed
  // halfway must leave the list of what it already wrote. Truncated first: an unwritable path
  // stops the run before anything is written to the CRM.
  await writeReport(report, '');
  const db = await Database.open();
  try {
    const records = await loadScored(db, vendor, options.scored, options.idColumn);
    const missing = await target.missingFields();
    if (missing.length > 0 && options.createFields === false)
      throw new IcpError(
        'USAGE',
        `${VENDOR_LABEL[vendor]} has no ${missing.join(', ')} on ${vendor === 'hubspot' ? 'companies' : 'Account'}. Create ${missing.length > 1 ? 'them' : 'it'} as docs/crm.md shows, or run without --no-create-fields.`,
      );
    if (missing.length > 0 && apply) await createFields(target, missing);
    await loadCurrent(db, target, {
      ...(options.current ? { snapshot: options.current } : {}),
      fieldsExist: missing.length === 0,
    });
    const changed = await planChanges(db, vendor, icp.id);
    const examples = (
      await db.all(
        'SELECT id, old_tier, tier, old_score, score FROM push_plan ORDER BY _seq LIMIT 10',
      )
    ).map((r) => ({
      id: str(r.id) ?? '',
      from: str(r.old_tier),
      to: str(r.tier) ?? '',
      oldScore: r.old_score === null ? null : num(r.old_score),
      score: num(r.score),
    }));
    await appendFile(
      report,
      `${JSON.stringify({ type: 'plan', vendor, icp: icp.id, scored: resolve(options.scored), records, changed, apply, fieldsMissing: missing })}\n`,
    );
    const outcome = apply
      ? await writeChanges(db, target, {
          icpId: icp.id,
          changed,
          report,
          onProgress: options.onProgress,
        })
      : await listPlan(db, report, changed);
    return {
      vendor,
      icp: icp.id,
      applied: apply,
      records,
      changed,
      updated: outcome.updated,
      failed: outcome.failed,
      transitions: await transitions(db),
      examples,
      fieldsCreated: missing,
      report,
      calls: target.http.calls,
      usage: target.http.usage,
    };
  } finally {
    db.close();
  }
}

async function writeReport(report: string, text: string): Promise<void> {
  try {
    await writeFile(report, text);
  } catch (error) {
    throw new IcpError(
      'OUTPUT',
      `${report}: cannot write the push report (${(error as NodeJS.ErrnoException).code ?? String(error)}). Choose another path with --report.`,
      { cause: error },
    );
  }
}

async function createFields(target: PushTarget, missing: readonly string[]): Promise<void> {
  try {
    await target.createFields(missing);
  } catch (error) {
    if (!(error instanceof IcpError)) throw error;
    throw new IcpError(
      'CONFIG',
      `${error.message} Creating ${missing.join(', ')} needs ${target.vendor === 'hubspot' ? 'the crm.schemas.companies.write scope on the private app' : 'the Customize Application permission'}: grant it, or create the fields as docs/crm.md shows.`,
      { cause: error },
    );
  }
}

/** A dry run's report: one line per record that would be written. */
async function listPlan(db: Database, report: string, changed: number) {
  for (let from = 1; from <= changed; from += 10_000) {
    const rows = await db.all(
      `SELECT id, old_tier, tier, old_score, score FROM push_plan WHERE _seq >= ${from} AND _seq < ${from + 10_000} ORDER BY _seq`,
    );
    await appendFile(
      report,
      rows
        .map(
          (r) =>
            `${JSON.stringify({ type: 'would update', id: r.id, tier: r.tier, previous_tier: r.old_tier, score: num(r.score), previous_score: r.old_score === null ? null : num(r.old_score) })}\n`,
        )
        .join(''),
    );
  }
  return { updated: 0, failed: [] };
}

/** Writes the plan batch by batch, appending each batch's outcome to the report. */
async function writeChanges(
  db: Database,
  target: PushTarget,
  run: { icpId: string; changed: number; report: string; onProgress: PushOptions['onProgress'] },
) {
  let updated = 0;
  const failed: { id: string; message: string }[] = [];
  for (let from = 1; from <= run.changed; from += target.batchSize) {
    const rows = await db.all(
      `SELECT id, old_tier, tier, old_score, score, reasons FROM push_plan WHERE _seq >= ${from} AND _seq < ${from + target.batchSize} ORDER BY _seq`,
    );
    const batch: PushRow[] = rows.map((r) => ({
      id: str(r.id) ?? '',
      score: num(r.score),
      tier: str(r.tier) ?? '',
      reasons: str(r.reasons) ?? '',
      icpId: run.icpId,
    }));
    // Said before it is sent: a run killed while the CRM writes this batch still names it.
    await appendFile(
      run.report,
      `${JSON.stringify({ type: 'sending', ids: batch.map((b) => b.id) })}\n`,
    );
    let result: Awaited<ReturnType<PushTarget['update']>>;
    try {
      result = await target.update(batch);
    } catch (error) {
      if (!(error instanceof IcpError)) throw error;
      await appendFile(
        run.report,
        `${JSON.stringify({ type: 'stopped', message: error.message })}\n`,
      );
      throw new IcpError(
        error.code,
        `${error.message} ${updated.toLocaleString('en-US')} of ${run.changed.toLocaleString('en-US')} records were updated before it stopped; ${run.report} lists them. Run the command again to write the rest (only records whose values differ are written).`,
        { cause: error },
      );
    }
    const old = new Map(rows.map((r) => [str(r.id), r]));
    const lines = [
      ...result.updated.map((id) => {
        const r = old.get(id)!;
        return {
          type: 'updated',
          id,
          tier: r.tier,
          previous_tier: r.old_tier,
          score: num(r.score),
          previous_score: r.old_score === null ? null : num(r.old_score),
        };
      }),
      ...result.failed.map((f) => ({ type: 'failed', id: f.id, message: f.message })),
    ];
    // Appended as soon as the CRM answers: a run killed after this line still says what it did.
    await appendFile(run.report, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    updated += result.updated.length;
    failed.push(...result.failed);
    run.onProgress?.(Math.min(from + target.batchSize - 1, run.changed), run.changed);
  }
  await appendFile(
    run.report,
    `${JSON.stringify({ type: 'done', updated, failed: failed.length })}\n`,
  );
  return { updated, failed };
}

/** The report's default name beside the scored file. */
function defaultReport(vendor: CrmVendor, scored: string): string {
  return join(dirname(resolve(scored)), `${vendor}-push-report.ndjson`);
}
