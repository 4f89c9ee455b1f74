/**
 * Config-mode loading alone (`loadDataset`: the eight tables, linking, the cross checks) with
 * every SQL statement's wall and CPU seconds (the process's, DuckDB's threads included), the
 * 40 costliest printed with the table being loaded, then the CPU per table and the whole run's.
 * The database is file-backed with a spill folder, as the CLI opens it (`boundMemory` in
 * src/cli/run.ts): where a table is written compressed into the file matters.
 *
 *   npx tsx bench/load-sql-profile.ts DIR [memory=2GB]   (DIR from `icp generate -n N -o DIR`)
 *
 * With DUMP_SQL=FILE every statement is appended to FILE (to replay one statement alone).
 */
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/data/config/load-config.js';
import { parseMemory, setDatabaseDefaults } from '../src/data/db/database-options.js';
import { Database } from '../src/data/db/database.js';
import { loadDataset } from '../src/data/load/load-dataset.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';

const world = resolve(process.argv[2] ?? '.');
const spill = await mkdtemp(join(tmpdir(), 'icp-load-profile-'));
setDatabaseDefaults({ memoryLimit: parseMemory(process.argv[3] ?? '2GB'), spillDir: spill });
const spent = new Map<string, { n: number; wall: number; cpu: number }>();
let table = '-';
const proto = Database.prototype as unknown as Record<
  string,
  (...a: unknown[]) => Promise<unknown>
>;
for (const method of ['run', 'all'] as const) {
  const inner = proto[method]!;
  proto[method] = async function (this: unknown, ...args: unknown[]) {
    const sql = String(args[0]);
    if (process.env.DUMP_SQL) appendFileSync(process.env.DUMP_SQL, `${sql};\n-- end\n`);
    const key = `${table.padEnd(14)} ${sql.replace(/\s+/g, ' ').slice(0, 70)}`;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    try {
      return await inner.apply(this, args);
    } finally {
      const c = process.cpuUsage(c0);
      const s = spent.get(key) ?? { n: 0, wall: 0, cpu: 0 };
      s.n++;
      s.wall += (performance.now() - t0) / 1000;
      s.cpu += (c.user + c.system) / 1e6;
      spent.set(key, s);
    }
  };
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const config = await loadConfig(join(world, 'icp.config.yaml'));
const dataset = await loadDataset(config, {
  today: WORLD_TODAY,
  onTable: (t) => {
    table = t;
  },
  onStage: (s) => {
    table = s;
  },
});
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
dataset.close();
await rm(spill, { recursive: true, force: true });
const rows = [...spent.entries()].sort((a, b) => b[1].cpu - a[1].cpu);
for (const [k, s] of rows.slice(0, Number(process.env.TOP ?? 40)))
  console.log(
    `${s.cpu.toFixed(2).padStart(7)} ${s.wall.toFixed(2).padStart(7)} ${String(s.n).padStart(3)}  ${k}`,
  );
const byTable = new Map<string, number>();
for (const [k, s] of rows) byTable.set(k.slice(0, 14), (byTable.get(k.slice(0, 14)) ?? 0) + s.cpu);
console.log([...byTable].map(([t, c]) => `${t.trim()} ${c.toFixed(2)}`).join(', '));
console.log(
  `loading: ${wall.toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} CPU-s`,
);
