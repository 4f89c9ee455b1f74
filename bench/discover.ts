/**
 * Discovery on a generated world (config mode, `icp discover` with the world's icp.config.yaml):
 * each stage's wall and CPU time (loading each table, linking, customer value, target,
 * attributes, rows into JavaScript, the discovery's own stages, personas, fingerprint, tier
 * economics) and the peak RSS (the process's VmHWM), beside the time DuckDB takes for one scan of
 * the same accounts file (a GROUP BY over every row), the floor of anything that reads the data,
 * and for reading every CSV file of the world once into a table (with loading's reader,
 * `readerSql`, as text), the floor of loading.
 *
 *   npm run bench:discover -- [accounts=1000000] [seed=1] [memory=2GB] [world=DIR]
 *
 * The database is file-backed in the temporary folder with the memory budget `memory`, as
 * `icp discover --memory` sets it (DuckDB's limit is its share of it, `discoveryMemory`). The world is generated into the temporary folder first (not
 * timed) and removed at the end; `world=DIR` reads a world generated before instead (`icp
 * generate -n N -o DIR`) and leaves it. A stage's time runs from its start to the next stage's
 * start; stages of the cross-validation folds are summed over the folds.
 * The peaks of the JavaScript heap and of typed arrays are printed beside the peak RSS (the
 * process's VmHWM): the rest is DuckDB's (see `memory`) and Node's own; then the three peaks
 * within each stage. Each stage's start is written to stderr as it happens, with the CPU seconds
 * so far and the memory then, so a long run stopped early tells how far it got.
 */
import { readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseMemory, setDatabaseDefaults } from '../src/data/db/database-options.js';
import { Database } from '../src/data/db/database.js';
import { readerSql } from '../src/data/source/reader-sql.js';
import { discover, discoveryMemory } from '../src/pipeline/discover/discover-config.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { peakRssBytes } from './peak-rss.js';
import { printStages, stageTimer, timeScan } from './stage-timer.js';

const accounts = Number(process.argv[2] ?? 1_000_000);
const seed = Number(process.argv[3] ?? 1);
const memory = parseMemory(process.argv[4] ?? '2GB');
const given = process.argv[5] ? resolve(process.argv[5]) : undefined;
const mb = (b: number) => `${Math.round(b / 2 ** 20).toLocaleString('en-US')} MB`;
const dir = await mkdtemp(join(tmpdir(), 'icp-bench-discover-'));
stopOnSignal(dir);
try {
  const world = given ?? join(dir, 'world');
  if (!given) {
    console.log(`generating ${accounts.toLocaleString('en-US')} accounts (not timed)...`);
    await generateWorld({ accounts, seed, out: world });
  }
  setDatabaseDefaults({ memoryLimit: memory, spillDir: dir });
  const shares = discoveryMemory({ memoryLimit: memory });

  const db = await Database.open();
  const scan = await timeScan(() =>
    db.all(
      `SELECT "Industry", count(*), avg("Employees") FROM read_csv('${join(world, 'accounts.csv')}') GROUP BY 1`,
    ),
  );
  const files = readdirSync(world)
    .filter((f) => f.endsWith('.csv'))
    .sort();
  const floor = await timeScan(() => readEveryFile(db, world, files));
  db.close();

  const timer = stageTimer();
  const { times } = timer;
  const perStage = stageMemorySampler();
  const mark = (stage: string) => {
    timer.mark(stage);
    perStage.mark(stage);
    progress(stage);
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const icp = await discover(join(world, 'icp.config.yaml'), {
    today: WORLD_TODAY,
    registry: false,
    onStage: mark,
  });
  mark('end');
  const seconds = (performance.now() - t0) / 1000;
  const peak = peakRssBytes();
  const stagePeaks = perStage.stop();
  const heap = wholeRun(stagePeaks);

  console.log(
    `discover (config mode) on ${accounts.toLocaleString('en-US')} accounts, memory ${mb(memory)} (DuckDB's limit ${mb(shares?.loading ?? memory)} loading, ${mb(shares?.rows ?? memory)} with the rows in JavaScript)`,
  );
  printStages(times, scan.wall, seconds, process.cpuUsage(cpu0));
  console.log(`  peak RSS ${mb(peak)}`);
  printStagePeaks(stagePeaks);
  // What holds the RSS: the JS heap and typed arrays are JavaScript's; the rest is DuckDB (within
  // its memory limit, plus what it allocates outside it) and Node itself.
  console.log(
    `  of which JavaScript at its peak: heap ${mb(heap.heapUsed)}, typed arrays and buffers ${mb(heap.arrayBuffers)}`,
  );
  console.log(
    `  ${icp.target.positives.toLocaleString('en-US')} of ${icp.target.eligible.toLocaleString('en-US')} ideal; verdict ${icp.verdict.kind}; AUC ${icp.validation?.auc ?? 'n/a'}`,
  );
  console.log(
    `baseline: one DuckDB scan of accounts.csv: ${scan.wall.toFixed(2)} s (${scan.cpu.toFixed(2)} s CPU)`,
  );
  console.log(
    `baseline: DuckDB reading the world's ${files.length} files once into tables: ${floor.wall.toFixed(2)} s (${floor.cpu.toFixed(2)} s CPU)`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Every file read once into a temporary table of text columns, as loading reads a source
 * (`readRaw`: `all_varchar`, a `TEMP` table in the file-backed database), each dropped before the
 * next is read as loading drops its raw table: the floor of loading the eight tables, beside
 * which its stage's time can be judged.
 */
async function readEveryFile(db: Database, world: string, files: readonly string[]) {
  for (const f of files) {
    const reader = readerSql('csv', join(world, f), { path: f });
    await db.run(`CREATE OR REPLACE TEMP TABLE _floor AS SELECT * FROM ${reader}`);
    await db.run('DROP TABLE _floor');
  }
}

/**
 * On SIGTERM or SIGINT (tsx relays both to this process), the run stops at once and leaves no
 * folder: the temporary folder (database, spill files, a generated world) is removed, then the
 * process kills itself. Left to tsx, the signal ended it with process.exit, which waited for
 * DuckDB's running query (15 s and more at ten million accounts) and skipped the `finally` that
 * removes the folder.
 */
function stopOnSignal(folder: string): void {
  const stop = (signal: NodeJS.Signals) => {
    console.error(`${signal}: stopped; removing ${folder}`);
    rmSync(folder, { recursive: true, force: true });
    // SIGKILL, not process.exit: nothing waits for DuckDB's threads to finish their work.
    process.kill(process.pid, 'SIGKILL');
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * Each stage's start on stderr as it happens (clock, CPU seconds so far, RSS, heap): a run of
 * ten million accounts takes most of an hour on a shared machine, and one stopped early then
 * tells how far it got.
 */
function progress(stage: string): void {
  const cpu = process.cpuUsage();
  const m = process.memoryUsage();
  console.error(
    `[${new Date().toISOString().slice(11, 19)}] ${stage}: ${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU-s so far, RSS ${mb(m.rss)}, heap ${mb(m.heapUsed)}, arrays ${mb(m.arrayBuffers)}`,
  );
}

interface MemoryPeak {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
}

/**
 * The peaks of RSS, JS heap and typed arrays within each stage (sampled every 100 ms), merged
 * over a stage's repeats: where the memory of a large run sits, which the whole run's peak
 * alone does not tell.
 */
function stageMemorySampler(): {
  mark(stage: string): void;
  stop(): ReadonlyMap<string, MemoryPeak>;
} {
  const peaks = new Map<string, MemoryPeak>();
  let current = 'start';
  const sample = () => {
    const m = process.memoryUsage();
    const p = peaks.get(current) ?? { rss: 0, heapUsed: 0, arrayBuffers: 0 };
    p.rss = Math.max(p.rss, m.rss);
    p.heapUsed = Math.max(p.heapUsed, m.heapUsed);
    p.arrayBuffers = Math.max(p.arrayBuffers, m.arrayBuffers);
    peaks.set(current, p);
  };
  const timer = setInterval(sample, 100);
  return {
    mark(stage) {
      sample();
      current = stage;
      sample();
    },
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}

/** One line per stage: its peak RSS, JS heap and typed arrays (MiB). */
function printStagePeaks(peaks: ReadonlyMap<string, MemoryPeak>): void {
  const width = Math.max(...[...peaks.keys()].map((k) => k.length));
  console.log(
    `  ${'peak memory by stage'.padEnd(width)}  ${'RSS'.padStart(9)}  ${'heap'.padStart(9)}  ${'arrays'.padStart(9)}`,
  );
  for (const [stage, p] of peaks) {
    if (stage === 'start' || stage === 'end') continue;
    console.log(
      `  ${stage.padEnd(width)}  ${mb(p.rss).padStart(9)}  ${mb(p.heapUsed).padStart(9)}  ${mb(p.arrayBuffers).padStart(9)}`,
    );
  }
}

/** The whole run's peaks of the JS heap and of typed arrays: the highest of any stage's. */
function wholeRun(peaks: ReadonlyMap<string, MemoryPeak>): Omit<MemoryPeak, 'rss'> {
  const all = [...peaks.values()];
  const top = (key: 'heapUsed' | 'arrayBuffers') => Math.max(0, ...all.map((p) => p[key]));
  return { heapUsed: top('heapUsed'), arrayBuffers: top('arrayBuffers') };
}
