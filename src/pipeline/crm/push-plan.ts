import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { readNdjson } from '../../data/crm/canonical-files.js';
import { type CrmVendor, MAX_REASONS_LENGTH } from '../../data/crm/crm-vendor.js';
import { ICP_SNAPSHOT } from '../../data/crm/icp-snapshot.js';
import type { PushTarget } from '../../data/crm/push-target.js';
import { type Database, num, str } from '../../data/db/database.js';
import { readRaw } from '../../data/source/read-raw.js';
import { checkRecordIds, findIdColumn, recordIdSql } from './record-ids.js';

/** A tier change and how many records make it (`from` null: the record had no tier). */
export interface TierTransition {
  readonly from: string | null;
  readonly to: string;
  readonly records: number;
}

/**
 * Loads the scored file into `push_rows` (_row, _id, icp_score, icp_tier, icp_reasons): ids
 * found and checked as for an import file. Returns the rows.
 */
export async function loadScored(
  db: Database,
  vendor: CrmVendor,
  file: string,
  idColumn: string | undefined,
): Promise<number> {
  const raw = await readRaw(db, 'scored', { path: basename(file) }, resolve(file));
  const missing = ['icp_score', 'icp_tier', 'icp_reasons'].filter((c) => !raw.headers.includes(c));
  if (missing.length > 0)
    throw new IcpError(
      'USAGE',
      `--scored ${file}: no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}. Push a file written by "icp score" (or "icp sync").`,
    );
  const column = findIdColumn(vendor, raw.headers, file, idColumn);
  await db.run(`CREATE OR REPLACE TEMP TABLE push_rows AS
    SELECT rowid + ${raw.rowBase} AS _row, ${recordIdSql(vendor, column)} AS _id,
      TRY_CAST(icp_score AS DOUBLE) AS icp_score, CAST(icp_tier AS VARCHAR) AS icp_tier,
      CAST(icp_reasons AS VARCHAR) AS icp_reasons, CAST(icp_score AS VARCHAR) AS _score_text
    FROM ${raw.rawTable}`);
  await checkRecordIds(db, 'push_rows', { vendor, file, column });
  const bad = await db.one(
    "SELECT _row, _score_text FROM push_rows WHERE icp_score IS NULL OR icp_tier IS NULL OR trim(icp_tier) = '' ORDER BY _row LIMIT 1",
  );
  if (bad)
    throw new IcpError(
      'DATA',
      `${file} row ${num(bad._row)}: no score or tier ("${str(bad._score_text) ?? ''}"). Push the file "icp score" wrote, unedited.`,
    );
  return num((await db.one('SELECT count(*) AS n FROM push_rows'))?.n);
}

/**
 * The CRM's current ICP values in `current_icp`: from a snapshot file (`crm_icp.parquet` of
 * the pull), else read from the CRM a page at a time (none when its fields do not exist yet).
 */
export async function loadCurrent(
  db: Database,
  target: PushTarget,
  options: { readonly snapshot?: string; readonly fieldsExist: boolean },
): Promise<void> {
  const defs = ICP_SNAPSHOT.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
  await db.run(`CREATE OR REPLACE TEMP TABLE current_icp (${defs})`);
  if (options.snapshot) {
    await db.run(
      `INSERT INTO current_icp SELECT * FROM read_parquet(${quoteLiteral(options.snapshot)})`,
    );
    return;
  }
  if (!options.fieldsExist) return;
  const dir = await mkdtemp(join(tmpdir(), 'icp-push-'));
  try {
    // Pages go to disk, not into one array: a CRM of millions of records reads in bounded memory.
    const files: string[] = [];
    for await (const page of target.currentValues()) {
      const file = join(dir, `${files.length}.ndjson`);
      await writeFile(file, page.map((r) => `${JSON.stringify(r)}\n`).join(''));
      files.push(file);
    }
    if (files.length > 0)
      await db.run(
        `INSERT INTO current_icp SELECT * FROM ${readNdjson(files, ICP_SNAPSHOT.columns)}`,
      );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `push_plan`: the records whose score (to one decimal), tier, reasons or ICP id differ from
 * what the CRM holds, in file order with a sequence number, beside their old values.
 */
export async function planChanges(db: Database, vendor: CrmVendor, icpId: string): Promise<number> {
  const reasons = `left(s.icp_reasons, ${MAX_REASONS_LENGTH[vendor]})`;
  const id = quoteLiteral(icpId);
  await db.run(`CREATE OR REPLACE TEMP TABLE push_plan AS
    SELECT row_number() OVER (ORDER BY s._row) AS _seq, s._row, s._id AS id,
      round(s.icp_score, 1) AS score, s.icp_tier AS tier, ${reasons} AS reasons,
      round(c.icp_score, 1) AS old_score, c.icp_tier AS old_tier
    FROM push_rows s LEFT JOIN (SELECT * FROM current_icp QUALIFY row_number() OVER (PARTITION BY account_id) = 1) c
      ON c.account_id = s._id
    WHERE c.account_id IS NULL
      OR round(c.icp_score, 1) IS DISTINCT FROM round(s.icp_score, 1)
      OR c.icp_tier IS DISTINCT FROM s.icp_tier
      OR c.icp_reasons IS DISTINCT FROM trim(${reasons})
      OR c.icp_id IS DISTINCT FROM ${id}`);
  return num((await db.one('SELECT count(*) AS n FROM push_plan'))?.n);
}

/** Tier changes of the plan, most frequent first. */
export async function transitions(db: Database): Promise<TierTransition[]> {
  const rows = await db.all(
    'SELECT old_tier, tier, count(*) AS n FROM push_plan GROUP BY ALL ORDER BY n DESC, old_tier NULLS FIRST, tier',
  );
  return rows.map((r) => ({ from: str(r.old_tier), to: str(r.tier) ?? '', records: num(r.n) }));
}
