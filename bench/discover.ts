/**
 * Discovery on a generated world: time and peak memory (RSS sampled every 100 ms), beside the
 * time DuckDB takes for one scan of the same accounts file (a GROUP BY over every row), the
 * floor of anything that reads the data.
 *
 *   npx tsx bench/discover.ts [accounts=1000000] [seed=1]
 *
 * The world is generated into a temporary folder first (not timed) and removed at the end.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database } from '../src/data/db/database.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';

const accounts = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const dir = await mkdtemp(join(tmpdir(), 'icp-bench-discover-'));
try {
  console.log(`generating ${accounts.toLocaleString('en-US')} accounts (not timed)...`);
  await generateWorld({ accounts, seed, out: dir });

  const db = await Database.open();
  const s0 = performance.now();
  await db.all(
    `SELECT "Industry", count(*), avg("Employees") FROM read_csv('${join(dir, 'accounts.csv')}') GROUP BY 1`,
  );
  const scan = (performance.now() - s0) / 1000;
  db.close();

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const stages: string[] = [];
  let current = 'start';
  let last = performance.now();
  const t0 = last;
  const icp = await discover(join(dir, 'icp.config.yaml'), {
    today: WORLD_TODAY,
    onProgress: (stage) => {
      const now = performance.now();
      stages.push(`${current} ${((now - last) / 1000).toFixed(1)} s`);
      current = stage;
      last = now;
    },
  });
  stages.push(`${current} ${((performance.now() - last) / 1000).toFixed(1)} s`);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);

  console.log(
    `discover: ${seconds.toFixed(1)} s, peak RSS ${mb(peak)} (load, value, target, attributes, discovery, contrast)`,
  );
  console.log(`  stages: ${stages.slice(1).join('; ')}`);
  console.log(
    `  ${icp.target.positives.toLocaleString('en-US')} of ${icp.target.eligible.toLocaleString('en-US')} ideal; verdict ${icp.verdict.kind}; AUC ${icp.validation?.auc ?? 'n/a'}`,
  );
  console.log(`baseline: one DuckDB scan of accounts.csv: ${scan.toFixed(1)} s`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
