/**
 * Memory as data grows: peak RSS of `icp score` at 1,000,000 and 10,000,000 rows and of
 * `icp check` and `icp discover` on generated companies of 100,000 and 1,000,000 accounts, each
 * in a fresh process, beside DuckDB alone doing the same reading in the same run (copying the
 * file; loading every file of the company into tables). Every database is file-backed in a
 * temporary folder with the limit `--memory` would set.
 *
 *   npm run bench:memory -- [memory=2GB] [scoreRows=1000000,10000000] [accounts=100000,1000000]
 *
 * Inputs are generated first (not timed): score rows repeat a 100,000-account file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteLiteral } from '../src/core/sql/quote.js';
import { parseMemory } from '../src/data/db/database-options.js';
import { Database } from '../src/data/db/database.js';
import { writeIcp } from '../src/data/icp/icp-file.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';

const memory = parseMemory(process.argv[2] ?? '2GB');
const list = (arg: string | undefined, fallback: string) =>
  (arg ?? fallback).split(',').map(Number);
const scoreRows = list(process.argv[3], '1000000,10000000');
const accounts = list(process.argv[4], '100000,1000000');
const mb = (b: number) => `${Math.round(b / 2 ** 20).toLocaleString('en-US')} MB`;
const dir = mkdtempSync(join(tmpdir(), 'icp-bench-memory-'));

/** Runs one step of bench/memory-child.ts in a fresh process. */
function measure(...args: string[]): { seconds: number; maxRssBytes: number } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'bench/memory-child.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, MEMORY: String(memory), SPILL: dir },
  });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string);
}
const line = (what: string, m: { seconds: number; maxRssBytes: number }, base: typeof m) =>
  console.log(
    `  ${what.padEnd(34)} ${m.seconds.toFixed(1).padStart(7)} s  peak ${mb(m.maxRssBytes).padStart(9)}   DuckDB alone: ${base.seconds.toFixed(1).padStart(6)} s, peak ${mb(base.maxRssBytes).padStart(9)}`,
  );

try {
  console.log(`memory limit ${mb(memory)}; each step in a fresh process`);
  await generateWorld({ accounts: 100_000, seed: 3, out: join(dir, 'world') });
  const icp = await discover(join(dir, 'world', 'icp.config.yaml'), { today: WORLD_TODAY });
  const icpFile = join(dir, 'icp.json');
  await writeIcp(icpFile, icp);
  const db = await Database.open();
  for (const n of scoreRows) {
    const input = join(dir, `leads-${n}.csv`);
    await db.run(
      `COPY (SELECT * REPLACE ("Account ID" || '-' || c AS "Account ID") FROM read_csv(${quoteLiteral(join(dir, 'world', 'accounts.csv'))}, all_varchar = true), range(${Math.ceil(n / 100_000)}) t(c) LIMIT ${n}) TO ${quoteLiteral(input)} (FORMAT csv, HEADER)`,
    );
    const scored = measure('score', icpFile, input, join(dir, 'scored.csv'));
    const copied = measure('copy', input, join(dir, 'copied.csv'));
    line(`icp score, ${n.toLocaleString('en-US')} rows`, scored, copied);
    rmSync(input);
  }
  db.close();
  for (const n of accounts) {
    const world = join(dir, `company-${n}`);
    await generateWorld({ accounts: n, seed: 1, out: world });
    const config = join(world, 'icp.config.yaml');
    const loaded = measure('load', config);
    line(`icp check, ${n.toLocaleString('en-US')} accounts`, measure('check', config), loaded);
    line(
      `icp discover, ${n.toLocaleString('en-US')} accounts`,
      measure('discover', config),
      loaded,
    );
    rmSync(world, { recursive: true, force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
