import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcpDefinition } from '../src/core/icp/definition.js';
import { quoteLiteral } from '../src/core/sql/quote.js';
import { Database } from '../src/data/db/database.js';
import { readColumns } from '../src/data/db/read-columns.js';
import { parseDatabaseUrl } from '../src/data/remote/database-url.js';
import { openRemote, type RemoteDatabase } from '../src/data/remote/remote-database.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { scoreFile } from '../src/pipeline/score/score-file.js';
import { scoreInto } from '../src/pipeline/score-into/score-into.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { icp as run } from './support/icp-cli.js';
import { createTextTable, startPostgres } from './support/postgres.js';

/**
 * `scoreInto` on a real PostgreSQL: the rows are scored inside the database into a new table,
 * with the same scores, tiers and reasons as `icp score` on the same rows as a file.
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-score-into-'));
let server: Awaited<ReturnType<typeof startPostgres>>;
let client: pg.Client;
let db: RemoteDatabase;
let icp: IcpDefinition;
let columns: string[];

/** Every row of a table as one text, to show it unchanged. */
async function fingerprint(table: string): Promise<string> {
  const r = await client.query(
    `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h, count(*) AS n FROM ${table} AS t`,
  );
  return `${r.rows[0].n}:${r.rows[0].h}`;
}

beforeAll(async () => {
  await generateWorld({ accounts: 2000, seed: 1, out: join(dir, 'train') });
  icp = await discover(join(dir, 'train', 'icp.config.yaml'), { today: WORLD_TODAY });
  await generateWorld({ accounts: 3000, seed: 2, out: join(dir, 'score') });
  const file = join(dir, 'score', 'accounts.csv');
  const local = await Database.open();
  const reader = `read_csv(${quoteLiteral(file)}, all_varchar = true)`;
  columns = await local.columns(reader);
  const data = await readColumns(
    local,
    `SELECT * FROM ${reader}`,
    Object.fromEntries(columns.map((c) => [c, 'text' as const])),
  );
  local.close();
  server = await startPostgres();
  client = server.client;
  await client.query('CREATE SCHEMA crm');
  await createTextTable(client, 'crm.accounts', columns, data.texts, data.rows);
  const { port } = client as unknown as { port: number };
  db = await openRemote(
    parseDatabaseUrl(`postgres://postgres@127.0.0.1:${port}/postgres`, { PGPASSWORD: 'icp-test' }),
  );
}, 240_000);

afterAll(async () => {
  await db?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('scoring inside PostgreSQL (scoreInto)', () => {
  it('writes a new table with the scores, tiers and reasons of `icp score`, the input untouched', async () => {
    const before = await fingerprint('crm.accounts');
    const r = await scoreInto(icp, db, 'crm.accounts', 'crm.accounts_scored');
    expect(await fingerprint('crm.accounts')).toBe(before);
    expect(r.into).toBe('"crm"."accounts_scored"');
    const file = await scoreFile(icp, join(dir, 'score', 'accounts.csv'), join(dir, 'scored.csv'), {
      rawCsv: true,
    });
    expect(r.rows).toBe(file.rows);
    expect(r.tiers).toEqual(file.tiers);
    // Row by row: the table's scores against the file's, keyed by account id.
    const local = await Database.open();
    const fromFile = await local.all(
      `SELECT "Account ID" AS id, icp_score, icp_tier, icp_reasons FROM read_csv(${quoteLiteral(join(dir, 'scored.csv'))}, all_varchar = true) ORDER BY id`,
    );
    local.close();
    const inDb = await client.query(
      'SELECT "Account ID" AS id, icp_score::text AS icp_score, icp_tier, icp_reasons FROM crm.accounts_scored ORDER BY "Account ID" COLLATE "C"',
    );
    expect(inDb.rows.map((x) => ({ ...x, icp_score: String(Number(x.icp_score)) }))).toEqual(
      fromFile.map((x) => ({ ...x, icp_score: String(Number(x.icp_score)) })),
    );
    // Every input column is kept, then the icp_* columns.
    const kept = await client.query('SELECT * FROM crm.accounts_scored LIMIT 0');
    expect(kept.fields.map((f) => f.name).slice(0, columns.length)).toEqual(columns);
    // No temporary table is left behind.
    const tables = await client.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'crm' ORDER BY 1",
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(['accounts', 'accounts_scored']);
  });

  it("with reasons none writes the default's columns and rows but icp_reasons", async () => {
    const lean = await scoreInto(icp, db, 'crm.accounts', 'crm.accounts_lean', {
      reasons: 'none',
    });
    const full = await scoreInto(icp, db, 'crm.accounts', 'crm.accounts_full');
    expect({ ...lean, into: '' }).toEqual({ ...full, into: '' });
    const rows = async (table: string) =>
      (await client.query(`SELECT * FROM ${table} ORDER BY "Account ID" COLLATE "C"`)).rows;
    const fields = async (table: string) =>
      (await client.query(`SELECT * FROM ${table} LIMIT 0`)).fields.map((f) => f.name);
    expect(await fields('crm.accounts_lean')).toEqual(
      (await fields('crm.accounts_full')).filter((c) => c !== 'icp_reasons'),
    );
    expect(await rows('crm.accounts_lean')).toEqual(
      (await rows('crm.accounts_full')).map(({ icp_reasons: _, ...rest }) => rest),
    );
    await client.query('DROP TABLE crm.accounts_lean, crm.accounts_full');
  });

  it('never replaces a table: not the input, not an existing one', async () => {
    await expect(scoreInto(icp, db, 'crm.accounts', 'crm.accounts')).rejects.toThrow(
      '--into crm.accounts names the table being scored; scores go to a new table, the input is never replaced. Name another, e.g. --into accounts_scored.',
    );
    await client.query('CREATE TABLE crm.kept (x int)');
    await expect(scoreInto(icp, db, 'crm.accounts', 'crm.kept')).rejects.toThrow(
      '--into crm.kept: that table already exists, and scores never replace a table. Drop it yourself if it is an old scores table, or name another.',
    );
    expect((await client.query('SELECT count(*)::int AS n FROM crm.kept')).rows[0].n).toBe(0);
  });

  it("names the database's own reason when the table is missing, with the password hidden", async () => {
    const { port } = client as unknown as { port: number };
    const url = parseDatabaseUrl(
      `postgres://postgres:icp-test-secret@127.0.0.1:${port}/postgres`,
      {},
    );
    expect(url.shown).toBe(`postgres://postgres:***@127.0.0.1:${port}/postgres`);
    const wrong = await openRemote(url).catch((e: Error) => e);
    // The password is wrong: the server refuses, and the message does not repeat it.
    expect(wrong).toBeInstanceOf(Error);
    expect((wrong as Error).message).toContain(
      `postgres://postgres:***@127.0.0.1:${port}/postgres: connecting failed: `,
    );
    expect((wrong as Error).message).not.toContain('icp-test-secret');
    await expect(scoreInto(icp, db, 'crm.nowhere', 'crm.nowhere_scored')).rejects.toThrow(
      `postgres://postgres@127.0.0.1:${port}/postgres: a query failed: relation "crm.nowhere" does not exist. Check the URL, the user's rights and that the server is reachable from this machine.`,
    );
  });
});

describe('icp score --source', () => {
  it('scores the table into a new one and says so; a file option beside it is a usage error', async () => {
    const { port } = client as unknown as { port: number };
    const icpFile = join(dir, 'icp.json');
    writeFileSync(icpFile, JSON.stringify(icp));
    const source = `postgres://postgres:icp-test@127.0.0.1:${port}/postgres`;
    const shown = `postgres://postgres:***@127.0.0.1:${port}/postgres`;
    const args = ['score', '--icp', icpFile, '--source', source, '--table', 'crm.accounts'];
    const r = await run(...args, '--into', 'cli_scored');
    const t = { A: 0, B: 0, C: 0, D: 0, unknown: 0 };
    const counted = await client.query(
      'SELECT icp_tier, count(*)::int AS n FROM cli_scored GROUP BY 1',
    );
    for (const x of counted.rows) t[x.icp_tier as keyof typeof t] = x.n;
    const f = (x: number) => x.toLocaleString('en-US');
    const rows = Object.values(t).reduce((a, b) => a + b, 0);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe(
      `Scored ${f(rows)} rows of crm.accounts against ICP ${icp.id} inside ${shown}, into the new table "cli_scored".`,
    );
    expect(r.stdout).toContain(
      `Tiers: A ${f(t.A)}, B ${f(t.B)}, C ${f(t.C)}, D ${f(t.D)}, unknown ${f(t.unknown)} (under 50% of the scorecard's weight known).`,
    );
    expect(r.stdout).not.toContain('icp-test');
    const usage = await run(...args, '--into', 'x', '--out', 'x.csv');
    expect(usage).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'icp: --source scores a table inside the database into another table, so --out does not apply; drop it, or score a file with --data and --out instead.\n',
    });
    const noInto = await run(
      'score',
      '--icp',
      icpFile,
      '--source',
      source,
      '--table',
      'crm.accounts',
    );
    expect(noInto.stderr).toBe(
      'icp: --source needs --into (the new table for the scores), e.g. --table crm.leads --into crm.leads_scored.\n',
    );
    const noData = await run('score', '--icp', icpFile, '--out', join(dir, 'o.csv'));
    expect(noData).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'icp: score needs --data <file>: score a file with --data leads.csv --out scored.csv, or a database table with --source URL --table T --into T_scored.\n',
    });
  });
});

describe('parseDatabaseUrl', () => {
  it('reads PostgreSQL and ClickHouse URLs, the password from the environment', () => {
    expect(
      parseDatabaseUrl('postgresql://icp@db:5432/crm?sslmode=require', { PGPASSWORD: 'pw' }),
    ).toEqual({
      dialect: 'postgres',
      shown: 'postgresql://icp@db:5432/crm?sslmode=require',
      endpoint: 'postgresql://icp:pw@db:5432/crm?sslmode=require',
      user: 'icp',
      password: 'pw',
      database: undefined,
    });
    expect(parseDatabaseUrl('clickhouses://ana:s3cret@ch.example.com/analytics', {})).toEqual({
      dialect: 'clickhouse',
      shown: 'clickhouses://ana:***@ch.example.com/analytics',
      endpoint: 'https://ch.example.com:8443/',
      user: 'ana',
      password: 's3cret',
      database: 'analytics',
    });
    expect(
      parseDatabaseUrl('clickhouse://localhost/default', { CLICKHOUSE_PASSWORD: 'x' }).endpoint,
    ).toBe('http://localhost:8123/');
  });

  it('refuses a plain-HTTP ClickHouse elsewhere than this machine, and what is no database', () => {
    const fix =
      'Write postgres://user@host:5432/database, clickhouse://user@localhost:8123/database or clickhouses://user@host:8443/database; give the password in PGPASSWORD or CLICKHOUSE_PASSWORD rather than in the URL.';
    expect(() => parseDatabaseUrl('clickhouse://ana:pw@ch.example.com:8123/db', {})).toThrow(
      `--source clickhouse://ana:***@ch.example.com:8123/db would send the password in clear text to ch.example.com; use clickhouses://ch.example.com:8123/db (HTTPS, usually port 8443), or a tunnel to localhost. ${fix}`,
    );
    expect(() => parseDatabaseUrl('mysql://root@db/crm', {})).toThrow(
      `--source mysql://root@db/crm has the scheme mysql:, which is not a database this engine reaches. ${fix}`,
    );
    // Not a URL: still no password in the message.
    expect(() => parseDatabaseUrl('//icp:secret@db/crm', {})).toThrow(
      `--source //icp:***@db/crm is not a URL. ${fix}`,
    );
  });
});
