import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { neutraliseFormulaSql } from '../../core/sql/csv-formula.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import {
  type CrmVendor,
  ICP_FIELDS,
  MAX_REASONS_LENGTH,
  VENDOR_LABEL,
} from '../../data/crm/crm-vendor.js';
import { Database, num } from '../../data/db/database.js';
import { type ScoreFileOptions, type ScoreFileResult, scoreFile } from '../score/score-file.js';
import { checkRecordIds, findIdColumn, recordIdSql } from './record-ids.js';

/**
 * The id column of each vendor's import file and the most rows one import takes: HubSpot's
 * import tool reads up to 1,048,576 rows per file, Salesforce's Data Import Wizard 50,000
 * records per import (larger files are split into parts).
 */
export const IMPORT_RULES: Record<CrmVendor, { idHeader: string; maxRows: number }> = {
  hubspot: { idHeader: 'Record ID', maxRows: 1_048_576 },
  salesforce: { idHeader: 'Account ID', maxRows: 50_000 },
};

export interface CrmImportOptions extends ScoreFileOptions {
  readonly vendor: CrmVendor;
  /** The column holding the record id; by default recognised by its header. */
  readonly idColumn?: string;
}

export interface CrmImportResult {
  readonly vendor: CrmVendor;
  /** The file(s) written, in order: one unless the rows exceed one import. */
  readonly files: readonly { readonly path: string; readonly rows: number }[];
  /** The input column the ids came from. */
  readonly idColumn: string;
  readonly score: ScoreFileResult;
}

/**
 * Scores a file and writes what the vendor's own import tool accepts as an update of existing
 * records: the record id, then the score, tier, reasons and ICP id under the property / field
 * names `icp push` uses. UTF-8 CSV; ids checked first (filled in, in the vendor's form, not
 * repeated), so nothing is written for a file the import would reject.
 *
 * @example await scoreForCrm(icp, 'hubspot-companies.csv', 'hubspot-import.csv', { vendor: 'hubspot' });
 */
export async function scoreForCrm(
  icp: IcpDefinition,
  data: string,
  out: string,
  options: CrmImportOptions,
): Promise<CrmImportResult> {
  const { vendor, idColumn, ...scoreOptions } = options;
  if (extname(out).toLowerCase() !== '.csv')
    throw new IcpError(
      'USAGE',
      `--out ${out}: --for ${vendor} writes a CSV file (the format ${VENDOR_LABEL[vendor]}'s import takes). Name it with .csv.`,
    );
  const work = await mkdtemp(join(tmpdir(), 'icp-import-'));
  const db = await Database.open();
  const written: string[] = [];
  try {
    const scoredPath = join(work, 'scored.parquet');
    const score = await scoreFile(icp, data, scoredPath, scoreOptions);
    const scored = `read_parquet(${quoteLiteral(scoredPath)}, file_row_number = true)`;
    const headers = (await db.columns(scored)).filter(
      (c) => c !== 'file_row_number' && !c.startsWith('icp_'),
    );
    const column = findIdColumn(vendor, headers, data, idColumn);
    // Rows as the user sees them: a text file's header is row 1.
    const rowBase = /\.(csv|tsv|txt|tab)(\.gz)?$/i.test(data) ? 2 : 1;
    await db.run(
      `CREATE TEMP TABLE import_rows AS SELECT file_row_number + ${rowBase} AS _row, ${recordIdSql(vendor, column)} AS _id, icp_score, icp_tier, icp_reasons FROM ${scored}`,
    );
    await checkRecordIds(db, 'import_rows', { vendor, file: data, column });
    const rows = num((await db.one('SELECT count(*) AS n FROM import_rows'))?.n);
    const { idHeader, maxRows } = IMPORT_RULES[vendor];
    const f = ICP_FIELDS[vendor];
    const select = `SELECT _id AS ${quoteIdent(idHeader)},
        CAST(round(icp_score, 1) AS DECIMAL(9, 1)) AS ${quoteIdent(f.score)},
        ${neutraliseFormulaSql('icp_tier')} AS ${quoteIdent(f.tier)},
        ${neutraliseFormulaSql(`left(icp_reasons, ${MAX_REASONS_LENGTH[vendor]})`)} AS ${quoteIdent(f.reasons)},
        ${neutraliseFormulaSql(quoteLiteral(icp.id))} AS ${quoteIdent(f.icpId)}
      FROM import_rows`;
    const target = resolve(out);
    const parts = Math.max(1, Math.ceil(rows / maxRows));
    const files = Array.from({ length: parts }, (_, i) => ({
      path: parts === 1 ? target : target.replace(/\.csv$/i, `-part${i + 1}.csv`),
      rows: Math.min(maxRows, rows - i * maxRows),
    }));
    const temps = files.map((p) =>
      join(dirname(p.path), `.${basename(p.path)}.${process.pid}.tmp`),
    );
    for (const [i, temp] of temps.entries()) {
      written.push(temp);
      await db.run(
        `COPY (${select} WHERE _row - ${rowBase} >= ${i * maxRows} AND _row - ${rowBase} < ${(i + 1) * maxRows} ORDER BY _row) TO ${quoteLiteral(temp)} (FORMAT csv, HEADER, DELIMITER ',', QUOTE '"')`,
      );
    }
    // Publish the parts only when every one is complete.
    for (const [i, temp] of temps.entries()) await rename(temp, files[i]!.path);
    written.length = 0;
    return { vendor, files, idColumn: column, score };
  } catch (error) {
    await Promise.all(written.map((w) => rm(w, { force: true })));
    throw error;
  } finally {
    db.close();
    await rm(work, { recursive: true, force: true });
  }
}
