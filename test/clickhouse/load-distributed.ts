import { createReadStream } from 'node:fs';
import { dialectSql } from '../../src/core/icp/dialect-sql.js';
import type { ClickHouseCluster } from './cluster.js';

/**
 * Creates `<name>_local` (text columns, MergeTree) on both shards and the Distributed table
 * `<name>` over them on shard 0, then inserts a CSV with a header through the Distributed table:
 * ClickHouse spreads the rows over the shards at random.
 */
export async function loadDistributed(
  cluster: ClickHouseCluster,
  name: string,
  headers: readonly string[],
  csv: string,
): Promise<void> {
  const ch = dialectSql('clickhouse');
  const columns = headers.map((h) => `${ch.quoteIdent(h)} Nullable(String)`).join(', ');
  for (const shard of [0, 1])
    await cluster.query(
      `CREATE TABLE ${name}_local (${columns}) ENGINE = MergeTree() ORDER BY tuple()`,
      { shard },
    );
  await cluster.query(
    `CREATE TABLE ${name} AS ${name}_local ENGINE = Distributed(icp, default, ${name}_local, rand())`,
  );
  // insert_distributed_sync: the insert returns once both shards hold their rows.
  await cluster.query(`INSERT INTO ${name} FORMAT CSVWithNames`, {
    body: createReadStream(csv),
    settings: { insert_distributed_sync: '1' },
  });
}

/** The rows of `<name>_local` on each shard: where `loadDistributed` put the rows. */
export function shardRows(cluster: ClickHouseCluster, name: string): Promise<number[]> {
  return Promise.all(
    [0, 1].map(async (shard) =>
      Number((await cluster.query(`SELECT count() FROM ${name}_local`, { shard })).trim()),
    ),
  );
}
