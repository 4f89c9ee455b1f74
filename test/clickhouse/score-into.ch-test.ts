import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcpDefinition } from '../../src/core/icp/definition.js';
import { quoteLiteral } from '../../src/core/sql/quote.js';
import { Database } from '../../src/data/db/database.js';
import { parseDatabaseUrl } from '../../src/data/remote/database-url.js';
import { openRemote, type RemoteDatabase } from '../../src/data/remote/remote-database.js';
import { discover } from '../../src/pipeline/discover/discover-config.js';
import { scoreFile } from '../../src/pipeline/score/score-file.js';
import { scoreInto } from '../../src/pipeline/score-into/score-into.js';
import { generateWorld } from '../../src/sample/generate-world.js';
import { WORLD_TODAY } from '../../src/sample/planted-truth.js';
import { type ClickHouseCluster, startCluster } from './cluster.js';
import { loadDistributed } from './load-distributed.js';

/**
 * `scoreInto` on a real two-shard cluster: a Distributed table scored into a new table inside
 * ClickHouse gives the scores, tiers and reasons `icp score` gives on the same rows as a file.
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-ch-into-'));
let cluster: ClickHouseCluster;
let db: RemoteDatabase;
let icp: IcpDefinition;

beforeAll(async () => {
  await generateWorld({ accounts: 2000, seed: 1, out: join(dir, 'train') });
  icp = await discover(join(dir, 'train', 'icp.config.yaml'), { today: WORLD_TODAY });
  await generateWorld({ accounts: 20_000, seed: 2, out: join(dir, 'score') });
  cluster = await startCluster();
  const file = join(dir, 'score', 'accounts.csv');
  const local = await Database.open();
  const headers = await local.columns(`read_csv(${quoteLiteral(file)}, all_varchar = true)`);
  local.close();
  await loadDistributed(cluster, 'accounts', headers, file);
  db = await openRemote(
    parseDatabaseUrl(`clickhouse://default@127.0.0.1:${cluster.httpPorts[0]}/default`, {}),
  );
});

afterAll(async () => {
  await db?.close();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('scoring inside ClickHouse (scoreInto)', () => {
  it('scores a Distributed table into a new table, as `icp score` scores the file', async () => {
    const r = await scoreInto(icp, db, 'accounts', 'accounts_scored');
    expect(r.into).toBe('`accounts_scored`');
    const file = await scoreFile(icp, join(dir, 'score', 'accounts.csv'), join(dir, 'scored.csv'), {
      rawCsv: true,
    });
    expect(r.rows).toBe(file.rows);
    expect(r.tiers).toEqual(file.tiers);
    const local = await Database.open();
    const fromFile = await local.all(
      `SELECT "Account ID" AS id, icp_score::DOUBLE AS score, icp_tier AS tier, icp_reasons AS reasons FROM read_csv(${quoteLiteral(join(dir, 'scored.csv'))}, all_varchar = true) ORDER BY id, score, reasons`,
    );
    local.close();
    const inDb = await cluster.rows<{ id: string; score: number; tier: string; reasons: string }>(
      'SELECT `Account ID` AS id, toFloat64(icp_score) AS score, icp_tier AS tier, icp_reasons AS reasons FROM accounts_scored ORDER BY id, score, reasons',
    );
    expect(inDb).toEqual(fromFile);
    expect(await cluster.rows('EXISTS TABLE accounts_scored')).toEqual([{ result: 1 }]);
    await expect(scoreInto(icp, db, 'accounts', 'accounts_scored')).rejects.toThrow(
      '--into accounts_scored: that table already exists, and scores never replace a table. Drop it yourself if it is an old scores table, or name another.',
    );
  });

  it("with reasons none writes the default's columns and rows but icp_reasons", async () => {
    const lean = await scoreInto(icp, db, 'accounts', 'accounts_lean', { reasons: 'none' });
    const full = await scoreInto(icp, db, 'accounts', 'accounts_full');
    expect({ ...lean, into: '' }).toEqual({ ...full, into: '' });
    const names = (table: string) =>
      cluster.rows<{ name: string }>(`SELECT name FROM system.columns WHERE table = '${table}'`);
    expect(await names('accounts_lean')).toEqual(
      (await names('accounts_full')).filter((c) => c.name !== 'icp_reasons'),
    );
    const rows = (table: string) =>
      cluster.rows(
        `SELECT * FROM ${table} ORDER BY \`Account ID\`, toFloat64(icp_score), icp_tier`,
      );
    expect(await rows('accounts_lean')).toEqual(
      (await rows('accounts_full')).map(({ icp_reasons: _, ...rest }) => rest),
    );
  });
});
