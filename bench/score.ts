/**
 * Batch scoring throughput and memory: `icp score` on a generated accounts file, beside the time
 * DuckDB takes to copy the same file to the same output format (the practical limit: read, write,
 * no scoring). Scoring runs in a fresh process: its peak RSS is that process's own maximum.
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
import { quoteLiteral } from '../src/core/sql/quote.js';
import { Database } from '../src/data/db/database.js';
import { writeIcp } from '../src/data/icp/icp-file.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
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
  const reader =
    format === 'csv'
      ? `read_csv(${quoteLiteral(input)}, all_varchar = true)`
      : `read_parquet(${quoteLiteral(input)})`;
  await db.run(
    `COPY (SELECT * FROM ${reader}) TO ${quoteLiteral(join(dir, `copy.${format}`))} (FORMAT ${format}${format === 'csv' ? ', HEADER' : ''})`,
  );
  const copySeconds = (performance.now() - c0) / 1000;
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
    scoringSeconds: number;
    maxRssBytes: number;
  };
  const result = { rows: measured.rows };
  const seconds = measured.seconds;
  const peak = measured.maxRssBytes;
  console.log(
    `icp score: ${result.rows.toLocaleString('en-US')} ${format} rows in ${seconds.toFixed(1)} s = ${Math.round(result.rows / seconds).toLocaleString('en-US')} rows/s, peak RSS ${mb(peak)}`,
  );
  console.log(
    `  of which: reading the input, scoring and writing ${measured.scoringSeconds.toFixed(1)} s; counting for the summary (a scan of the written file) ${(seconds - measured.scoringSeconds).toFixed(1)} s; ${(seconds / copySeconds).toFixed(1)}x the copy`,
  );
  console.log(
    `baseline (DuckDB copies the same file, no scoring): ${copySeconds.toFixed(1)} s = ${Math.round(result.rows / copySeconds).toLocaleString('en-US')} rows/s`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
