import { rename, rm } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { IcpError } from '../../core/errors/icp-error.js';
import { compileScoreSql } from '../../core/icp/compile-sql.js';
import { normalizeHeader } from '../../core/model/canonical.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { Database, num } from '../../data/db/database.js';
import { openSource, sourceHeaders } from '../../data/source/read-raw.js';

export interface ScoreFileResult {
  readonly rows: number;
  readonly out: string;
  readonly tiers: Readonly<Record<'A' | 'B' | 'C' | 'D', number>>;
  readonly disqualified: number;
  readonly nearMiss: number;
  /** Rows missing each scorecard attribute (scored in its missing bin). */
  readonly missing: Readonly<Record<string, number>>;
  /** Scorecard attributes with no matching column in the file at all. */
  readonly absentColumns: readonly string[];
}

const OUT_FORMATS: Record<string, string> = {
  '.csv': 'csv',
  '.parquet': 'parquet',
  '.json': 'json',
  '.ndjson': 'json',
  '.jsonl': 'json',
};

/**
 * Scores every row of a CSV, Parquet or JSON file inside DuckDB and writes them, with every
 * input column kept, to `out` in the format of its extension. Streams: the rows never become
 * JavaScript objects. The output appears only when complete.
 */
export async function scoreFile(
  icp: IcpDefinition,
  data: string,
  out: string,
): Promise<ScoreFileResult> {
  const format = OUT_FORMATS[extname(out).toLowerCase()];
  if (!format)
    throw new IcpError(
      'USAGE',
      `--out ${out}: write .csv, .parquet, .json or .ndjson (the format follows the extension).`,
    );
  if (!icp.scorecard)
    throw new IcpError(
      'USAGE',
      `the ICP ${icp.id} has no scorecard (verdict ${icp.verdict.kind}: ${icp.verdict.reason}); nothing to score with.`,
    );
  const db = await Database.open();
  const target = resolve(out);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let closeSource = async () => {};
  try {
    // Read straight from the file: DuckDB streams it through the query into the output.
    const opened = await openSource('input', { path: basename(data) }, resolve(data));
    closeSource = opened.close;
    const headers = await sourceHeaders(db, opened, data);
    const sql = compileScoreSql(icp, { dialect: 'duckdb', from: opened.reader, columns: headers });
    await db.run(`CREATE TEMP VIEW scored AS ${sql}`);
    await db.run(
      `COPY (SELECT * FROM scored) TO ${quoteLiteral(temp)} (FORMAT ${format}${format === 'csv' ? ', HEADER' : ''})`,
    );
    // The summary reads the written file back (a plain scan), rather than scoring twice.
    const written =
      format === 'parquet'
        ? `read_parquet(${quoteLiteral(temp)})`
        : format === 'json'
          ? `read_json(${quoteLiteral(temp)})`
          : `read_csv(${quoteLiteral(temp)}, all_varchar = true)`;
    const counts = await db.one(`SELECT count(*) AS n,
      count(*) FILTER (WHERE icp_tier = 'A') AS a, count(*) FILTER (WHERE icp_tier = 'B') AS b,
      count(*) FILTER (WHERE icp_tier = 'C') AS c, count(*) FILTER (WHERE icp_tier = 'D') AS d,
      count(*) FILTER (WHERE CAST(icp_disqualified AS BOOLEAN)) AS dq, count(*) FILTER (WHERE CAST(icp_near_miss AS BOOLEAN)) AS nm,
      ${icp.scorecard.attributes.map((a, i) => `count(*) FILTER (WHERE list_contains(string_split(icp_missing, ', '), ${quoteLiteral(a.name)})) AS m${i}`).join(', ')}
      FROM ${written}`);
    await rename(temp, target);
    const present = new Set(headers.map(normalizeHeader));
    return {
      rows: num(counts?.n),
      out: target,
      tiers: { A: num(counts?.a), B: num(counts?.b), C: num(counts?.c), D: num(counts?.d) },
      disqualified: num(counts?.dq),
      nearMiss: num(counts?.nm),
      missing: Object.fromEntries(
        icp.scorecard.attributes.map((a, i) => [a.name, num(counts?.[`m${i}`])]),
      ),
      absentColumns: icp.scorecard.attributes
        .filter((a) => !present.has(normalizeHeader(a.name)))
        .map((a) => a.name),
    };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    await closeSource();
    db.close();
  }
}
