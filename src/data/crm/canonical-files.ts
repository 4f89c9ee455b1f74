import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import { type Database, num } from '../db/database.js';
import { pathExists } from './folders.js';
import type { PullStage } from './pull-stage.js';

export type FileColumnType = 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'DATE' | 'TIMESTAMP';

export interface FileColumn {
  readonly name: string;
  readonly type: FileColumnType;
}

/**
 * One canonical Parquet file a pull writes (`accounts.parquet`, ...), and how a pull's new
 * rows replace the old ones: by `key` (the newest version of each record wins), or, for rows
 * that hang off another table's records (a deal's contacts), every row of a `group` re-read
 * in this pull is replaced as a whole.
 */
export interface CanonicalFile {
  readonly table: string;
  readonly columns: readonly FileColumn[];
  readonly merge:
    | { readonly key: string }
    | { readonly group: string; readonly groupTable: string };
}

/**
 * Writes `DIR/.TABLE.parquet.PID.tmp` from the staged pages, merged with the existing file
 * when `incremental`: no record twice, none lost. Returns the temporary path and the rows;
 * the caller renames every file once all are written (publishCanonicalFiles).
 */
export async function writeCanonicalFile(
  db: Database,
  stage: PullStage,
  file: CanonicalFile,
  out: string,
  incremental: boolean,
): Promise<{ temp: string; target: string; rows: number }> {
  const target = join(out, `${file.table}.parquet`);
  const temp = join(out, `.${file.table}.parquet.${process.pid}.tmp`);
  const cols = file.columns.map((c) => quoteIdent(c.name));
  const defs = file.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE _new (${defs.join(', ')}, _page BIGINT)`);
  const pages = await stage.pageFiles(file.table);
  if (pages.length > 0)
    await db.run(
      `INSERT INTO _new SELECT ${[...cols, '_page'].join(', ')} FROM ${readNdjson(pages, [...file.columns, { name: '_page', type: 'BIGINT' }])}`,
    );
  const old =
    incremental && (await pathExists(target)) ? `read_parquet(${quoteLiteral(target)})` : null;
  let select: string;
  if ('key' in file.merge) {
    const key = quoteIdent(file.merge.key);
    const modified = file.columns.some((c) => c.name === 'modified_at')
      ? 'modified_at DESC NULLS LAST, '
      : '';
    const union = old
      ? `SELECT ${cols.join(', ')}, 1 AS _src, _page FROM _new UNION ALL BY NAME SELECT ${cols.join(', ')}, 0 AS _src, 0 AS _page FROM ${old}`
      : `SELECT ${cols.join(', ')}, 1 AS _src, _page FROM _new`;
    // A record re-read in this pull replaces the old one; read twice in it (an incremental
    // query restarted from its last change), the later read wins.
    select = `SELECT ${cols.join(', ')} FROM (${union})
      QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY _src DESC, ${modified}_page DESC) = 1
      ORDER BY ${key}`;
  } else {
    const group = quoteIdent(file.merge.group);
    const groupPages = await stage.pageFiles(file.merge.groupTable);
    const latest =
      groupPages.length > 0
        ? `SELECT ${group}, max(_page) AS _latest FROM ${readNdjson(groupPages, [
            { name: file.merge.group, type: 'VARCHAR' },
            { name: '_page', type: 'BIGINT' },
          ])} GROUP BY 1`
        : `SELECT NULL::VARCHAR AS ${group}, NULL::BIGINT AS _latest WHERE false`;
    await db.run(`CREATE OR REPLACE TEMP TABLE _groups AS ${latest}`);
    // The rows of each group as of its latest read; older files keep the groups not re-read.
    const fresh = `SELECT ${cols.map((c) => `n.${c}`).join(', ')} FROM _new n JOIN _groups g USING (${group}) WHERE n._page = g._latest`;
    select = `SELECT * FROM (${fresh}${old ? ` UNION ALL BY NAME SELECT ${cols.join(', ')} FROM ${old} WHERE ${group} NOT IN (SELECT ${group} FROM _groups)` : ''}) ORDER BY ALL`;
  }
  try {
    await db.run(`COPY (${select}) TO ${quoteLiteral(temp)} (FORMAT parquet)`);
  } catch (error) {
    await rm(temp, { force: true });
    throw new IcpError(
      'OUTPUT',
      `${target}: cannot write it (${error instanceof Error ? error.message : String(error)}). Check that the folder is writable.`,
      { cause: error },
    );
  }
  const rows = num(
    (await db.one(`SELECT count(*) AS n FROM read_parquet(${quoteLiteral(temp)})`))?.n,
  );
  return { temp, target, rows };
}

/** Renames every written file over its target: the files change together, or not at all. */
export async function publishCanonicalFiles(
  written: readonly { temp: string; target: string }[],
): Promise<void> {
  for (const w of written) await rename(w.temp, w.target);
}

/** SQL reading NDJSON files with the given column types (the staged pages of a pull). */
export function readNdjson(files: readonly string[], columns: readonly FileColumn[]): string {
  const struct = columns.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ');
  return `read_json([${files.map(quoteLiteral).join(', ')}], format = 'newline_delimited', columns = {${struct}})`;
}
