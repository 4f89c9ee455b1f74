/**
 * Batch scoring throughput and memory: `icp score` on a generated accounts file, beside the time
 * DuckDB takes to copy the same file to the same output format (the practical limit: read, write,
 * no scoring). Scoring runs in a fresh process: its peak RSS is that process's own maximum. What
 * the reasons text costs is measured beside it: the same compiled SQL written without the
 * icp_reasons column (a bench variant only; `icp score` always writes it).
 *
 *   npx tsx bench/score.ts [rows=1000000] [format=csv|parquet]
 *
 * Rows come from repeating a generated 100,000-account file (ids made unique), so 10,000,000
 * rows take a few seconds to prepare, not minutes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScoreSql } from '../src/core/icp/compile-sql.js';
import type { IcpDefinition } from '../src/core/icp/definition.js';
import { csvSelectList } from '../src/core/sql/csv-formula.js';
import { quoteLiteral } from '../src/core/sql/quote.js';
import { columnTypes } from '../src/data/db/column-types.js';
import { Database } from '../src/data/db/database.js';
import { writeIcp } from '../src/data/icp/icp-file.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { copySql, streamInOrder } from '../src/pipeline/score/ordered-copy.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const format = process.argv[3] === 'parquet' ? 'parquet' : 'csv';
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const dir = await mkdtemp(join(tmpdir(), 'icp-bench-score-'));
try {
  await generateWorld({ accounts: 100_000, seed: 3, out: join(dir, 'world') });
  const icp = await discover(join(dir, 'world', 'icp.config.yaml'), { today: WORLD_TODAY });
  const input = join(dir, `input.${format}`);
  const db = await Database.open();
  const copies = Math.ceil(rows / 100_000);
  await db.run(
    `COPY (SELECT * REPLACE ("Account ID" || '-' || c AS "Account ID") FROM read_csv(${quoteLiteral(join(dir, 'world', 'accounts.csv'))}, all_varchar = true), range(${copies}) t(c) LIMIT ${rows}) TO ${quoteLiteral(input)} (FORMAT ${format}${format === 'csv' ? ', HEADER' : ''})`,
  );
  const c0 = performance.now();
  const cpu0 = process.cpuUsage();
  const reader =
    format === 'csv'
      ? `read_csv(${quoteLiteral(input)}, all_varchar = true)`
      : `read_parquet(${quoteLiteral(input)})`;
  await db.run(
    `COPY (SELECT * FROM ${reader}) TO ${quoteLiteral(join(dir, `copy.${format}`))} (FORMAT ${format}${format === 'csv' ? ', HEADER' : ''})`,
  );
  const copySeconds = (performance.now() - c0) / 1000;
  // DuckDB's threads are this process's: its CPU time over the copy is the copy's.
  const copyCpu = process.cpuUsage(cpu0);
  db.close();

  const icpFile = join(dir, 'icp.json');
  await writeIcp(icpFile, icp);
  // Scoring runs in a fresh process, so its peak memory is its own, not discovery's.
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/score-child.ts', icpFile, input, join(dir, `scored.${format}`)],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(child.stderr);
  const measured = JSON.parse(child.stdout.trim().split('\n').pop() as string) as {
    rows: number;
    seconds: number;
    maxRssBytes: number;
    scoringSeconds: number;
    userSeconds: number;
    systemSeconds: number;
  };
  const seconds = measured.seconds;
  const noReasons = await withoutReasons(icp, reader, join(dir, `no-reasons.${format}`), format);
  console.log(
    `icp score: ${measured.rows.toLocaleString('en-US')} ${format} rows in ${seconds.toFixed(1)} s = ${Math.round(measured.rows / seconds).toLocaleString('en-US')} rows/s, peak RSS ${mb(measured.maxRssBytes)}, CPU ${measured.userSeconds.toFixed(1)} s user + ${measured.systemSeconds.toFixed(1)} s system; ${(seconds / copySeconds).toFixed(1)}x the copy`,
  );
  console.log(
    `  of which: the one pass (reading the input, scoring, counting the summary, writing) ${measured.scoringSeconds.toFixed(1)} s (${(measured.scoringSeconds / copySeconds).toFixed(1)}x the copy); the rest (opening the file, reading the counts) ${(seconds - measured.scoringSeconds).toFixed(1)} s`,
  );
  console.log(
    `  the same scoring SQL written without icp_reasons (bench only): ${noReasons.toFixed(1)} s = ${(noReasons / copySeconds).toFixed(1)}x the copy`,
  );
  console.log(
    `baseline (DuckDB copies the same file, no scoring): ${copySeconds.toFixed(1)} s = ${Math.round(measured.rows / copySeconds).toLocaleString('en-US')} rows/s, CPU ${(copyCpu.user / 1e6).toFixed(1)} s user + ${(copyCpu.system / 1e6).toFixed(1)} s system; CPU ratio ${((measured.userSeconds + measured.systemSeconds) / ((copyCpu.user + copyCpu.system) / 1e6)).toFixed(1)}x`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Seconds DuckDB takes to write the compiled scoring of `reader` with every column but
 * icp_reasons, CSV cells neutralised as `icp score` does.
 */
async function withoutReasons(
  icp: IcpDefinition,
  reader: string,
  out: string,
  format: string,
): Promise<number> {
  const db = await Database.open();
  try {
    const columns = (await db.all(`DESCRIBE SELECT * FROM ${reader}`)).map((c) =>
      String(c.column_name),
    );
    const sql = compileScoreSql(icp, { dialect: 'duckdb', from: reader, columns });
    await db.run(`CREATE TEMP VIEW scored AS SELECT * EXCLUDE (icp_reasons) FROM (${sql})`);
    const projection = format === 'csv' ? csvSelectList(await columnTypes(db, 'scored')) : '*';
    // On one thread, as `icp score` writes (src/pipeline/score/ordered-copy.ts).
    await streamInOrder(db);
    const t0 = performance.now();
    await db.run(copySql(`SELECT ${projection} FROM scored`, out, format));
    return (performance.now() - t0) / 1000;
  } finally {
    db.close();
  }
}
