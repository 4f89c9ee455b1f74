import pg from 'pg';
import { IcpError } from '../../core/errors/icp-error.js';
import type { Dialect } from '../../core/icp/dialect-sql.js';
import { redact } from '../crm/redact.js';
import type { DatabaseUrl } from './database-url.js';

/**
 * A PostgreSQL or ClickHouse database the engine sends SQL to and reads small results from:
 * the rows stay in the database, only column names and counts come back.
 */
export interface RemoteDatabase {
  readonly dialect: Exclude<Dialect, 'duckdb'>;
  /** The columns of a table or query (`from` is SQL: a quoted name or a parenthesised query). */
  columns(from: string): Promise<string[]>;
  /** Whether a table of this quoted (possibly schema-qualified) name exists. */
  exists(table: string): Promise<boolean>;
  /** Runs a statement. */
  run(sql: string): Promise<void>;
  /** Runs a query and returns its rows, values as the database's text for numbers. */
  rows(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Connects to `url`; a failure names the database (password hidden) and the server's reason. */
export async function openRemote(url: DatabaseUrl): Promise<RemoteDatabase> {
  return url.dialect === 'postgres' ? openPostgres(url) : openClickHouse(url);
}

function failure(url: DatabaseUrl, what: string, error: unknown): IcpError {
  const secrets = url.password ? [url.password] : [];
  const reason = redact(error instanceof Error ? error.message : String(error), secrets);
  return new IcpError(
    'SOURCE',
    `${url.shown}: ${what} failed: ${reason.trim()}. Check the URL, the user's rights and that the server is reachable from this machine.`,
    { cause: error },
  );
}

async function openPostgres(url: DatabaseUrl): Promise<RemoteDatabase> {
  const client = new pg.Client({ connectionString: url.endpoint });
  // A server that drops the connection later must not crash the process from an event.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw failure(url, 'connecting', error);
  }
  const query = async (sql: string, values?: unknown[]) => {
    try {
      return await client.query<Record<string, unknown>>(sql, values ?? []);
    } catch (error) {
      throw failure(url, 'a query', error);
    }
  };
  return {
    dialect: 'postgres',
    async columns(from) {
      const r = await query(`SELECT * FROM ${from} AS src LIMIT 0`);
      return r.fields.map((f) => f.name);
    },
    async exists(table) {
      const r = await query('SELECT to_regclass($1) IS NOT NULL AS e', [table]);
      return r.rows[0]?.e === true;
    },
    async run(sql) {
      await query(sql);
    },
    async rows(sql) {
      return (await query(sql)).rows as Record<string, unknown>[];
    },
    close: () => client.end(),
  };
}

function openClickHouse(url: DatabaseUrl): RemoteDatabase {
  const send = async (sql: string, retry = false): Promise<Response> => {
    const target = new URL(url.endpoint);
    if (url.database) target.searchParams.set('database', url.database);
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        body: sql,
        headers: {
          ...(url.user ? { 'X-ClickHouse-User': url.user } : {}),
          ...(url.password ? { 'X-ClickHouse-Key': url.password } : {}),
        },
      });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause ?? error;
      // ClickHouse closes a connection idle for keep_alive_timeout (3 s by default), Node's
      // fetch keeps it 4 s: a query sent in between meets a closed socket before the server
      // reads it. A read is sent again once, on a new connection.
      if (retry && (cause as { code?: unknown }).code === 'UND_ERR_SOCKET') return send(sql);
      throw failure(url, 'connecting', cause);
    }
    if (!response.ok) {
      const text = await response.text();
      throw failure(url, 'a query', new Error(text.split('\n')[0] ?? text));
    }
    return response;
  };
  const post = async (sql: string, retry = false) => (await send(sql, retry)).text();
  // Parsed line by line as the body arrives: a result of millions of rows (discovery's patterns
  // at 10,000,000 rows) is longer as one text than the longest string V8 can hold.
  const rows = async (sql: string) => {
    const response = await send(`${sql} FORMAT JSONEachRow`, true);
    const out: Record<string, unknown>[] = [];
    const decoder = new TextDecoder();
    let rest = '';
    const take = (lines: string[]) => {
      for (const line of lines)
        if (line !== '') out.push(JSON.parse(line) as Record<string, unknown>);
    };
    try {
      for await (const chunk of response.body ?? []) {
        const lines = (rest + decoder.decode(chunk as Uint8Array, { stream: true })).split('\n');
        rest = lines.pop() ?? '';
        take(lines);
      }
      take([rest + decoder.decode()]);
    } catch (error) {
      throw failure(url, 'a query', error);
    }
    return out;
  };
  return {
    dialect: 'clickhouse',
    async columns(from) {
      const meta = JSON.parse(
        await post(`SELECT * FROM ${from} LIMIT 0 FORMAT JSONCompact`, true),
      ) as {
        meta: { name: string }[];
      };
      return meta.meta.map((m) => m.name);
    },
    async exists(table) {
      return Number((await rows(`EXISTS TABLE ${table}`))[0]?.result) === 1;
    },
    async run(sql) {
      await post(sql);
    },
    rows,
    close: async () => {},
  };
}
