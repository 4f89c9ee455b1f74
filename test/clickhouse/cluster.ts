import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/**
 * A real two-shard ClickHouse cluster for the ClickHouse test and bench: two `clickhouse-server`
 * processes (Debian's package, 18.16) on loopback ports, each with its own folder, both named in
 * a cluster `icp` so a `Distributed` table on either spreads rows over the two. Queries go over
 * the HTTP interface with node:http, a new connection each (a kept-alive one the server has
 * timed out fails the next request). Started and stopped by the caller; the folders are
 * removed on stop.
 *
 * Not part of `npm test`: no npm package ships a ClickHouse server (see docs/scoring.md).
 */
export interface ClickHouseCluster {
  /** Runs a statement on shard `shard` (0 or 1) and returns its text output. */
  query(sql: string, options?: QueryOptions): Promise<string>;
  /** Runs a query and parses its rows (FORMAT JSONEachRow is added). */
  rows<T = Record<string, unknown>>(sql: string, shard?: number): Promise<T[]>;
  /** The server's version string, e.g. "18.16.1". */
  readonly version: string;
  /** Each shard's HTTP port on 127.0.0.1 (for clients other than `query`). */
  readonly httpPorts: readonly number[];
  stop(): Promise<void>;
}

export interface QueryOptions {
  /** 0 or 1; 0 by default. */
  readonly shard?: number;
  /** Data for an INSERT ... FORMAT (the statement then goes in the URL). */
  readonly body?: Readable;
  /** Query-level settings, e.g. { insert_distributed_sync: '1' }. */
  readonly settings?: Readonly<Record<string, string>>;
}

export const CLICKHOUSE_SERVER = '/usr/sbin/clickhouse-server';

/** Says how to get the server when it is missing. */
export function clickHouseMissing(): string | undefined {
  return existsSync(CLICKHOUSE_SERVER)
    ? undefined
    : `${CLICKHOUSE_SERVER} is missing: install Debian's package (apt-get install -y clickhouse-server), as .ci/run does.`;
}

export async function startCluster(): Promise<ClickHouseCluster> {
  const missing = clickHouseMissing();
  if (missing) throw new Error(missing);
  const root = mkdtempSync(join(tmpdir(), 'icp-clickhouse-'));
  const base = 41_000 + (process.pid % 2000) * 4;
  const shards = [0, 1].map((i) => ({ tcp: base + i * 2, http: base + i * 2 + 1 }));
  const servers: ChildProcess[] = [];
  try {
    for (const [i, ports] of shards.entries()) {
      const dir = join(root, `shard${i}`);
      mkdirSync(join(dir, 'tmp'), { recursive: true });
      writeFileSync(join(dir, 'config.xml'), serverConfig(dir, ports, shards));
      writeFileSync(join(dir, 'users.xml'), USERS);
      const server = spawn(CLICKHOUSE_SERVER, ['--config-file', join(dir, 'config.xml')], {
        stdio: 'ignore',
      });
      servers.push(server);
    }
    const query = async (sql: string, options: QueryOptions = {}) => {
      const { shard = 0, body, settings = {} } = options;
      const params = new URLSearchParams(settings);
      if (body !== undefined) params.set('query', sql);
      const { status, text } = await post(shards[shard]!.http, `/?${params}`, body ?? sql);
      if (status !== 200) throw new Error(`ClickHouse: ${text.trim()}\n${sql.slice(0, 2000)}`);
      return text;
    };
    for (const shard of [0, 1]) await waitUntilUp(() => query('SELECT 1', { shard }));
    const version = (await query('SELECT version()')).trim();
    return {
      query,
      rows: async <T>(sql: string, shard = 0) =>
        (await query(`${sql} FORMAT JSONEachRow`, { shard }))
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => JSON.parse(l) as T),
      version,
      httpPorts: shards.map((s) => s.http),
      stop: async () => {
        await Promise.all(servers.map(stopProcess));
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(servers.map(stopProcess));
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** One POST on a fresh connection; the body a text or a stream. */
function post(
  port: number,
  path: string,
  body: string | Readable,
): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', fail);
    });
    req.on('error', fail);
    if (typeof body === 'string') req.end(body);
    else body.pipe(req);
  });
}

async function waitUntilUp(ping: () => Promise<unknown>): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      await ping();
      return;
    } catch (error) {
      if (Date.now() > until) throw new Error(`ClickHouse did not start in 60 s: ${error}`);
      await new Promise((done) => setTimeout(done, 250));
    }
  }
}

function stopProcess(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    p.once('exit', () => done());
    p.kill('SIGTERM');
    setTimeout(() => p.kill('SIGKILL'), 10_000).unref();
  });
}

function serverConfig(
  dir: string,
  ports: { tcp: number; http: number },
  shards: readonly { tcp: number }[],
): string {
  const replicas = shards
    .map((s) => `<shard><replica><host>127.0.0.1</host><port>${s.tcp}</port></replica></shard>`)
    .join('');
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><console>0</console><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <http_port>${ports.http}</http_port>
  <tcp_port>${ports.tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <remote_servers><icp>${replicas}</icp></remote_servers>
</yandex>
`;
}

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><max_threads>2</max_threads><log_queries>1</log_queries></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`;
