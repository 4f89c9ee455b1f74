import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcpDefinition } from '../src/core/icp/definition.js';
import { textSql } from '../src/core/parse/cell-sql.js';
import { quoteIdent, quoteLiteral } from '../src/core/sql/quote.js';
import { classRankSql, foldKeySql } from '../src/core/stats/hash-folds.js';
import { Database } from '../src/data/db/database.js';
import { readColumns } from '../src/data/db/read-columns.js';
import { parseDatabaseUrl } from '../src/data/remote/database-url.js';
import { openRemote, type RemoteDatabase } from '../src/data/remote/remote-database.js';
import {
  countedSource,
  duckdbSource,
  type SqlSource,
  type WireCount,
} from '../src/data/remote/sql-source.js';
import { discoverGeneric } from '../src/pipeline/discover/discover-generic.js';
import { discoverInDatabase } from '../src/pipeline/discover/in-database/discover-in-database.js';
import { packedCodesSql, unpackCodes } from '../src/pipeline/discover/in-database/packed-codes.js';
import { icpBody as body, expectClose } from './support/expect-close.js';
import { icp as run } from './support/icp-cli.js';
import { createTextTable, startPostgres } from './support/postgres.js';
import { TELCO, TELCO_KEYED } from './telco-baseline.js';

/**
 * Discovery inside a database (`icp discover --source`) on IBM's Telco churn file (7,043
 * customers): the folds dealt by the md5 of the key are the same in DuckDB, PostgreSQL and
 * Node; the discovery from aggregates in DuckDB and in a real PostgreSQL equals
 * `discover --data FILE --key customerID` on the file to 1e-9 in every figure.
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-in-db-'));
let server: Awaited<ReturnType<typeof startPostgres>>;
let client: pg.Client;
let remote: RemoteDatabase;
let url: string;
let local: Database;
let fromFile: IcpDefinition;

beforeAll(async () => {
  local = await Database.open();
  await local.run(
    `CREATE TABLE leads AS SELECT * FROM read_csv(${quoteLiteral(TELCO)}, all_varchar = true)`,
  );
  const columns = await local.columns('leads');
  const data = await readColumns(
    local,
    'SELECT * FROM leads',
    Object.fromEntries(columns.map((c) => [c, 'text' as const])),
  );
  server = await startPostgres();
  client = server.client;
  await client.query('CREATE SCHEMA crm');
  await createTextTable(client, 'crm.leads', columns, data.texts, data.rows);
  const { port } = client as unknown as { port: number };
  url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  remote = await openRemote(parseDatabaseUrl(url, { PGPASSWORD: 'icp-test' }));
  fromFile = await discoverGeneric({ data: TELCO, ...TELCO_KEYED });
}, 300_000);

afterAll(async () => {
  local?.close();
  await remote?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Each key's fold (rank within its class in fold-key order, mod 5) as one engine computes it. */
async function folds(source: SqlSource, from: string): Promise<Map<string, number>> {
  const d = source.dialect;
  const k = textSql(d, quoteIdent('customerID'));
  const rows = await source.rows(
    `SELECT k, ${classRankSql(d, 'h', 'y')} % 5 AS fold FROM (SELECT ${k} AS k, ${foldKeySql(d, k, 1)} AS h, "Churn" AS y FROM ${from}) s`,
  );
  return new Map(rows.map((r) => [String(r.k), Number(r.fold)]));
}

describe('folds a database can compute', () => {
  it('deals every key to the same fold in DuckDB, PostgreSQL and Node, stratified to one row', async () => {
    const inDuck = await folds(duckdbSource(local), 'leads');
    const inPg = await folds(remote, 'crm.leads');
    // Node: md5 of "1:key" in hex, each class's keys sorted byte by byte, fold = rank mod 5.
    const rows = await local.all('SELECT "customerID" AS k, "Churn" AS y FROM leads');
    const inNode = new Map<string, number>();
    for (const y of ['No', 'Yes']) {
      const hashed = rows
        .filter((r) => r.y === y)
        .map((r) => ({ k: String(r.k), h: createHash('md5').update(`1:${r.k}`).digest('hex') }))
        .sort((a, b) => (a.h < b.h ? -1 : 1));
      hashed.forEach((r, m) => {
        inNode.set(r.k, m % 5);
      });
    }
    expect(inDuck.size).toBe(7043);
    expect([...inPg].sort()).toEqual([...inDuck].sort());
    expect([...inNode].sort()).toEqual([...inDuck].sort());
    const sizes = (y: string) =>
      [0, 1, 2, 3, 4].map(
        (f) => rows.filter((r) => r.y === y && inDuck.get(String(r.k)) === f).length,
      );
    expect(sizes('No')).toEqual([1035, 1035, 1035, 1035, 1034]);
    expect(sizes('Yes')).toEqual([374, 374, 374, 374, 373]);
  });
});

describe('patterns sent as short texts', () => {
  it('packs codes in as many base-62 digits as their column needs, the same text in DuckDB and PostgreSQL', async () => {
    const codes = [0, 9, 61, 62, 100, 3843, 3844, 238_327];
    const widths = [1, 1, 1, 2, 2, 2, 3, 3];
    for (const source of [duckdbSource(local), remote]) {
      const sql = packedCodesSql(source.dialect, codes.map(String), widths);
      const [row = {}] = await source.rows(`SELECT ${sql} AS k`);
      // 62 = 1 x 62 + 0, 100 = 1 x 62 + 38, 3,843 = 61 x 62 + 61, 3,844 = 62^2, 238,327 = 62^3 - 1.
      expect(row.k).toBe('09z101czz100zzz');
      expect(unpackCodes(String(row.k), widths)).toEqual(codes);
    }
  });
});

describe('discovery from aggregates', () => {
  let inDuck: { icp: IcpDefinition; wire: WireCount };

  it('in DuckDB equals discover --data --key on the file, to 1e-9', async () => {
    inDuck = await discoverInDatabase(duckdbSource(local), {
      table: 'leads',
      shown: 'duckdb',
      ...TELCO_KEYED,
    });
    expect(inDuck.icp.verdict.kind).toBe('scorecard');
    expectClose(body(inDuck.icp), body(fromFile));
  });

  it('in PostgreSQL equals it too, and only counts cross the wire', async () => {
    const inPg = await discoverInDatabase(remote, {
      table: 'crm.leads',
      shown: url,
      ...TELCO_KEYED,
    });
    expectClose(body(inPg.icp), body(fromFile));
    // The same aggregates as DuckDB's: two counts of the positives, the key check (the counts,
    // then the distinct keys), one GROUP BY per attribute column (19), the first row of each
    // value of the usable categories (41), and the patterns (7,033: nearly a row each, sent as a
    // short text of codes).
    expect(inPg.wire).toEqual(inDuck.wire);
    expect(inPg.wire.queries).toBe(2 + 2 + 19 + 1 + 1);
    expect(inPg.wire.rows).toBe(4 + 8_232 + 41 + 7_033);
    // Less than the file itself (970,457 bytes), though nearly every row is a pattern of its own.
    expect(inPg.wire.bytes).toBeLessThan(statSync(TELCO).size);
    expect(inPg.icp.provenance.rows).toEqual({ 'crm.leads': 7043 });
  });
});

describe('--negative: rows of any other target value left out', () => {
  // Contract: 1,695 "Two year" (positive), 1,473 "One year" (negative), 3,875 month-to-month
  // rows that count as neither.
  const contract = {
    target: 'Contract',
    positive: 'two year',
    negative: 'One Year',
    key: 'customerID',
  } as const;

  it('in DuckDB and PostgreSQL equals discover --data --key with the same values, to 1e-9', async () => {
    const file = await discoverGeneric({ data: TELCO, ...contract });
    expect(file.target).toMatchObject({
      definition:
        'Contract = two year (trimmed, any case); counted among rows where Contract is two year or One Year',
      eligible: 3_168,
      positives: 1_695,
    });
    expect(file.provenance.settings).toMatchObject({ positive: 'two year', negative: 'One Year' });
    const inDuck = await discoverInDatabase(duckdbSource(local), {
      table: 'leads',
      shown: 'duckdb',
      ...contract,
    });
    const inPg = await discoverInDatabase(remote, { table: 'crm.leads', shown: url, ...contract });
    for (const icp of [inDuck.icp, inPg.icp]) {
      expect(icp.target).toEqual(file.target);
      expectClose(body(icp), body(file));
    }
  });

  it('refuses a negative value that is also positive, or that never occurs', async () => {
    await expect(
      discoverGeneric({ data: TELCO, ...contract, negative: ['One year', 'TWO YEAR'] }),
    ).rejects.toThrow(
      '--negative: "TWO YEAR" is a --positive value too; a row is one or the other. Give each value once.',
    );
    await expect(
      discoverInDatabase(remote, {
        table: 'crm.leads',
        shown: url,
        ...contract,
        negative: 'Three year',
      }),
    ).rejects.toThrow(
      '--negative: "Three year" never occurs in column "Contract" of crm.leads. Values seen: month-to-month, one year, two year.',
    );
  });
});

describe('what crossed the wire', () => {
  it("counts a result's bytes as the whole result's JSON, row by row", async () => {
    const wire: WireCount = { queries: 0, rows: 0, bytes: 0 };
    const source = countedSource(duckdbSource(local), wire);
    const sql = `SELECT * FROM (VALUES ('é', 1), (NULL, 2), ('"\\', 3)) t(a, b) ORDER BY b`;
    const rows = await source.rows(sql);
    await source.rows(`${sql} LIMIT 0`);
    // [{"a":"é","b":1},{"a":null,"b":2},{"a":"\"\\","b":3}]: 16 + 16 + 18 bytes (é is two),
    // two commas and the brackets; then [], 2 bytes.
    expect(Buffer.byteLength(JSON.stringify(rows))).toBe(54);
    expect(wire).toEqual({ queries: 2, rows: 3, bytes: 56 });
  });
});

describe('icp discover --source', () => {
  it('writes the ICP and says what crossed the wire', async () => {
    const out = join(dir, 'icp.json');
    process.env.PGPASSWORD = 'icp-test';
    const r = await run(
      'discover',
      ...['--source', url, '--table', 'crm.leads', '--key', 'customerID'],
      ...['--target', 'Churn', '--positive', 'Yes', '--out', out, '--no-registry'],
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const written = JSON.parse(readFileSync(out, 'utf8')) as IcpDefinition;
    expectClose(body(written), JSON.parse(JSON.stringify(body(fromFile))));
    expect(r.stdout).toMatch(
      new RegExp(
        `Discovered inside ${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: 25 queries brought back [0-9,]+ rows of counts \\([0-9,]+ bytes as JSON\\); no row of the table left the database.`,
      ),
    );
  });

  it('refuses a key that repeats, naming it', async () => {
    await client.query(
      'CREATE TABLE crm.twice AS SELECT * FROM crm.leads UNION ALL SELECT * FROM crm.leads WHERE "customerID" = \'7590-VHVEG\'',
    );
    const r = await run(
      'discover',
      ...['--source', url, '--table', 'crm.twice', '--key', 'customerID'],
      ...['--target', 'Churn', '--positive', 'Yes', '--out', join(dir, 'twice.json')],
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toBe(
      'icp: --key "customerID": 1 row of crm.twice repeats a key, e.g. "7590-VHVEG" on 2 rows. The key deals the rows into folds and must be unique: name a unique column with --key.\n',
    );
  });

  it('refuses flags of another mode', async () => {
    const r = await run(
      'discover',
      ...['--source', url, '--table', 'crm.leads', '--key', 'customerID', '--id', 'customerID'],
      ...['--target', 'Churn', '--positive', 'Yes', '--out', join(dir, 'x.json')],
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'icp: --source discovers from a table inside the database, so --id does not apply: drop it (or discover from a file with --data instead).\n',
    );
    const missing = await run(
      'discover',
      '--source',
      url,
      '--table',
      'crm.leads',
      '--out',
      join(dir, 'x.json'),
    );
    expect(missing.stderr).toBe(
      'icp: --source needs --table, --key (a unique column: its md5 deals the rows into folds), --target and --positive, e.g. --table crm.leads --key lead_id --target converted --positive yes; --key is missing.\n',
    );
  });
});
