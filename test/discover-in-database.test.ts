import { createHash } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SqlDialect, textSql } from '../src/core/parse/cell-sql.js';
import { quoteIdent, quoteLiteral } from '../src/core/sql/quote.js';
import { classRankSql, foldKeySql } from '../src/core/stats/hash-folds.js';
import { Database } from '../src/data/db/database.js';
import { readColumns } from '../src/data/db/read-columns.js';
import { createTextTable, startPostgres } from './support/postgres.js';

/**
 * Folds a database can compute (`--key`), on IBM's Telco churn file (7,043 customers): the
 * folds dealt by the md5 of the key are the same in DuckDB, PostgreSQL and Node.
 */
const FILE = '../shared/datasets/ibm-telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv';
let server: Awaited<ReturnType<typeof startPostgres>>;
let client: pg.Client;
let local: Database;

beforeAll(async () => {
  local = await Database.open();
  await local.run(
    `CREATE TABLE leads AS SELECT * FROM read_csv(${quoteLiteral(FILE)}, all_varchar = true)`,
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
}, 300_000);

afterAll(async () => {
  local?.close();
  await server?.stop();
});

/** The SQL of each key's fold (rank within its class in fold-key order, mod 5). */
function foldSql(d: SqlDialect, from: string): string {
  const k = textSql(d, quoteIdent('customerID'));
  return `SELECT k, ${classRankSql(d, 'h', 'y')} % 5 AS fold FROM (SELECT ${k} AS k, ${foldKeySql(d, k, 1)} AS h, "Churn" AS y FROM ${from}) s`;
}

const asMap = (rows: Record<string, unknown>[]) =>
  new Map(rows.map((r) => [String(r.k), Number(r.fold)]));

describe('folds a database can compute', () => {
  it('deals every key to the same fold in DuckDB, PostgreSQL and Node, stratified to one row', async () => {
    const inDuck = asMap(await local.all(foldSql('duckdb', 'leads')));
    const inPg = asMap((await client.query(foldSql('postgres', 'crm.leads'))).rows);
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
