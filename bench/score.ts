/**
 * Batch scoring throughput and memory: `icp score` on a generated accounts file, beside the time
 * DuckDB takes to copy the same file to the same output format (the practical limit: read, write,
 * no scoring). Scoring runs in a fresh process: its peak RSS is that process's own maximum. It
 * runs twice: with the readable reasons (the default) and with `--reasons none` (every column
 * but icp_reasons, for bulk scoring), each beside the copy's CPU.
 *
 *   npx tsx bench/score.ts [rows=1000000] [format=csv|parquet|typed-parquet]
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
// typed-parquet: the input's columns typed as DuckDB reads the CSV (integers, dates), not text.
const typed = process.argv[3] === 'typed-parquet';
const format = process.argv[3] === 'parquet' || typed ? 'parquet' : 'csv';
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const dir = await mkdtemp(join(tmpdir(), 'icp-bench-score-'));
try {
  await generateWorld({ accounts: 100_000, seed: 3, out: join(dir, 'world') });
  const icp = await discover(join(dir, 'world', 'icp.config.yaml'), { today: WORLD_TODAY });
  const input = join(dir, `input.${format}`);
  const db = await Database.open();
  const copies = Math.ceil(rows / 100_000);
  await db.run(
    `COPY (SELECT * REPLACE ("Account ID" || '-' || c AS "Account ID") FROM read_csv(${quoteLiteral(join(dir, 'world', 'accounts.csv'))}, all_varchar = ${!typed}), range(${copies}) t(c) LIMIT ${rows}) TO ${quoteLiteral(input)} (FORMAT ${format}${format === 'csv' ? ', HEADER' : ''})`,
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
  const copyCpuSeconds = (copyCpu.user + copyCpu.system) / 1e6;
  for (const reasons of ['text', 'none'] as const) {
    const m = scoreInChild(icpFile, input, join(dir, `scored-${reasons}.${format}`), reasons);
    const cpu = m.userSeconds + m.systemSeconds;
    console.log(
      `icp score --reasons ${reasons}: ${m.rows.toLocaleString('en-US')} ${format} rows in ${m.seconds.toFixed(1)} s = ${Math.round(m.rows / m.seconds).toLocaleString('en-US')} rows/s, peak RSS ${mb(m.maxRssBytes)}, CPU ${m.userSeconds.toFixed(1)} s user + ${m.systemSeconds.toFixed(1)} s system; ${(m.seconds / copySeconds).toFixed(1)}x the copy's wall, CPU ratio ${(cpu / copyCpuSeconds).toFixed(1)}x`,
    );
    console.log(
      `  of which: the one pass (reading the input, scoring, counting the summary, writing) ${m.scoringSeconds.toFixed(1)} s (${(m.scoringSeconds / copySeconds).toFixed(1)}x the copy); the rest (opening the file, reading the counts) ${(m.seconds - m.scoringSeconds).toFixed(1)} s; the scoreFile call alone (no process start) ${m.callCpuSeconds.toFixed(1)} CPU-s = ${(m.callCpuSeconds / copyCpuSeconds).toFixed(1)}x the copy's CPU`,
    );
  }
  console.log(
    `baseline (DuckDB copies the same file, no scoring): ${copySeconds.toFixed(1)} s = ${Math.round(rows / copySeconds).toLocaleString('en-US')} rows/s, CPU ${(copyCpu.user / 1e6).toFixed(1)} s user + ${(copyCpu.system / 1e6).toFixed(1)} s system`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}

/** `bench/score-child.ts` in a fresh process (its peak memory its own), and what it measured. */
function scoreInChild(icpFile: string, input: string, out: string, reasons: 'text' | 'none') {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'bench/score-child.ts', icpFile, input, out, reasons],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as {
    rows: number;
    seconds: number;
    maxRssBytes: number;
    callCpuSeconds: number;
    scoringSeconds: number;
    userSeconds: number;
    systemSeconds: number;
  };
}
