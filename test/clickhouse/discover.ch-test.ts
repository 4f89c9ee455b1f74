import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcpDefinition } from '../../src/core/icp/definition.js';
import { quoteLiteral } from '../../src/core/sql/quote.js';
import { Database } from '../../src/data/db/database.js';
import { parseDatabaseUrl } from '../../src/data/remote/database-url.js';
import { openRemote, type RemoteDatabase } from '../../src/data/remote/remote-database.js';
import { duckdbSource } from '../../src/data/remote/sql-source.js';
import { discoverGeneric } from '../../src/pipeline/discover/discover-generic.js';
import { discoverInDatabase } from '../../src/pipeline/discover/in-database/discover-in-database.js';
import {
  packedCodesSql,
  unpackCodes,
} from '../../src/pipeline/discover/in-database/packed-codes.js';
import { keyRanges } from '../../src/pipeline/discover/in-database/pattern-counts.js';
import { expectClose, icpBody } from '../support/expect-close.js';
import { icp as run } from '../support/icp-cli.js';
import { TELCO, TELCO_KEYED } from '../telco-baseline.js';
import { type ClickHouseCluster, startCluster } from './cluster.js';
import { loadDistributed, shardRows } from './load-distributed.js';

/**
 * `icp discover --source clickhouse://...` on a real two-shard cluster: IBM's Telco churn file
 * (7,043 customers) in a Distributed table spread over two servers gives the ICP that
 * `discover --data FILE --key customerID` gives on the file, to 1e-9 in every figure, though
 * ClickHouse 18 ranks each class's fold keys without window functions (`arrayEnumerate` over
 * the class's sorted keys).
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-ch-discover-'));
let cluster: ClickHouseCluster;
let db: RemoteDatabase;
let url: string;
let fromFile: IcpDefinition;

beforeAll(async () => {
  cluster = await startCluster();
  const local = await Database.open();
  const headers = await local.columns(`read_csv(${quoteLiteral(TELCO)}, all_varchar = true)`);
  local.close();
  await loadDistributed(cluster, 'leads', headers, TELCO);
  url = `clickhouse://default@127.0.0.1:${cluster.httpPorts[0]}/default`;
  db = await openRemote(parseDatabaseUrl(url, {}));
  fromFile = await discoverGeneric({ data: TELCO, ...TELCO_KEYED });
});

afterAll(async () => {
  await db?.close();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('discovery inside ClickHouse (two shards)', () => {
  it('equals discover --data --key on the file to 1e-9, with the same counts as in DuckDB', async () => {
    const shards = await shardRows(cluster, 'leads');
    expect(shards[0]! + shards[1]!).toBe(7043);
    expect(Math.min(...shards)).toBeGreaterThan(7043 / 4);
    const inHouse = await discoverInDatabase(db, { table: 'leads', shown: url, ...TELCO_KEYED });
    expect(inHouse.icp.verdict.kind).toBe('scorecard');
    expectClose(icpBody(inHouse.icp), icpBody(fromFile));
    // The same aggregates, row for row and byte for byte, as DuckDB computes from the file.
    const local = await Database.open();
    await local.run(
      `CREATE TABLE leads AS SELECT * FROM read_csv(${quoteLiteral(TELCO)}, all_varchar = true)`,
    );
    const inDuck = await discoverInDatabase(duckdbSource(local), {
      table: 'leads',
      shown: 'duckdb',
      ...TELCO_KEYED,
    });
    local.close();
    expect(inHouse.wire).toEqual(inDuck.wire);
    expect(inHouse.icp.provenance.data_fingerprint).toBe(inDuck.icp.provenance.data_fingerprint);
  });

  it('with --negative leaves the other values out, as discover --data does', async () => {
    // Contract: "Two year" positive, "One year" negative, the 3,875 month-to-month rows left out.
    const contract = {
      target: 'Contract',
      positive: 'Two year',
      negative: 'one year',
      key: 'customerID',
    } as const;
    const inHouse = await discoverInDatabase(db, { table: 'leads', shown: url, ...contract });
    const file = await discoverGeneric({ data: TELCO, ...contract });
    expect(inHouse.icp.target).toEqual(file.target);
    expect(inHouse.icp.target.eligible).toBe(3_168);
    expectClose(icpBody(inHouse.icp), icpBody(file));
  });

  it('ranks a larger table range of fold keys by range, to the same ICP and the same patterns', async () => {
    // 1,000 rows a query: Telco's 7,043 in 8 ranges of the keys, each ranked alone and offset
    // by the rows of its class in the ranges before it; a pattern met in several ranges is
    // added up, so the rows rebuilt, and the ICP, are those of one query.
    const whole = await discoverInDatabase(db, { table: 'leads', shown: url, ...TELCO_KEYED });
    const ranged = await discoverInDatabase(db, {
      table: 'leads',
      shown: url,
      ...TELCO_KEYED,
      rankRows: 1000,
    });
    // 8 ranges, so 7 more queries ranking the patterns and 7 more counting distinct keys.
    expect(ranged.wire.queries).toBe(whole.wire.queries + 14);
    expect(ranged.wire.rows).toBeGreaterThan(whole.wire.rows);
    expect(icpBody(ranged.icp)).toEqual(icpBody(whole.icp));
    expectClose(icpBody(ranged.icp), icpBody(fromFile));
  });

  it('finds a key repeated across the two shards, counting distinct keys range by range', async () => {
    // The Telco rows again, with one customer's row on both shards: the distinct keys are
    // counted one range of fold keys at a time (8 ranges at 1,000 rows a query, or 1), and a
    // repeated key, having one fold key, repeats within its range.
    const local = await Database.open();
    const headers = await local.columns(`read_csv(${quoteLiteral(TELCO)}, all_varchar = true)`);
    local.close();
    await loadDistributed(cluster, 'twice', headers, TELCO);
    const [header, row] = readFileSync(TELCO, 'utf8').split('\n') as [string, string];
    expect(row.startsWith('7590-VHVEG,')).toBe(true);
    const held = await Promise.all(
      [0, 1].map((shard) =>
        cluster.query("SELECT count() FROM twice_local WHERE customerID = '7590-VHVEG'", { shard }),
      ),
    );
    await cluster.query('INSERT INTO twice_local FORMAT CSVWithNames', {
      shard: held[0]!.trim() === '1' ? 1 : 0,
      body: Readable.from([`${header}\n${row}\n`]),
    });
    for (const rankRows of [1000, undefined]) {
      await expect(
        discoverInDatabase(db, {
          table: 'twice',
          shown: url,
          ...TELCO_KEYED,
          ...(rankRows ? { rankRows } : {}),
        }),
      ).rejects.toThrow(
        '--key "customerID": 1 row of twice repeats a key, e.g. "7590-VHVEG" on 2 rows.',
      );
    }
  });

  it('cuts the fold keys into ranges at their first three hex digits', async () => {
    expect(keyRanges('h', 1)).toEqual(['']);
    expect(keyRanges('h', 2.5)).toEqual([
      " AND h < '555'",
      " AND h >= '555' AND h < 'aaa'",
      " AND h >= 'aaa'",
    ]);
    expect(keyRanges('h', 1e9)).toHaveLength(4096);
    // Every key falls in exactly one range: 1,000 keys of the cluster counted range by range.
    const keys = 'lower(hex(MD5(toString(number))))';
    const counts = await Promise.all(
      keyRanges(keys, 7).map(async (range) => {
        const [row = {}] = await db.rows(
          `SELECT count() AS n FROM numbers(1000) WHERE 1 = 1${range}`,
        );
        return Number(row.n);
      }),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.min(...counts)).toBeGreaterThan(100);
  });

  it("packs the patterns' codes as DuckDB and PostgreSQL do", async () => {
    const codes = [0, 9, 61, 62, 100, 3843, 3844, 238_327];
    const widths = [1, 1, 1, 2, 2, 2, 3, 3];
    const [row = {}] = await db.rows(
      `SELECT ${packedCodesSql('clickhouse', codes.map(String), widths)} AS k`,
    );
    expect(row.k).toBe('09z101czz100zzz');
    expect(unpackCodes(String(row.k), widths)).toEqual(codes);
  });

  it('icp discover --source clickhouse://... writes that ICP', async () => {
    const out = join(dir, 'icp.json');
    const r = await run(
      'discover',
      ...['--source', url, '--table', 'leads', '--key', 'customerID'],
      ...['--target', 'Churn', '--positive', 'Yes', '--out', out, '--no-registry'],
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Discovered inside ${url}: 25 queries brought back`);
    const written = JSON.parse(readFileSync(out, 'utf8')) as IcpDefinition;
    expectClose(icpBody(written), JSON.parse(JSON.stringify(icpBody(fromFile))));
  });
});
