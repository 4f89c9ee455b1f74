import { IcpError } from '../../core/errors/icp-error.js';
import type { Dialect } from '../../core/icp/dialect-sql.js';

/** A database named by `--source`, with the password kept apart so no message shows it. */
export interface DatabaseUrl {
  readonly dialect: Exclude<Dialect, 'duckdb'>;
  /** The URL as the user wrote it, with any password replaced by "***": safe to print. */
  readonly shown: string;
  /**
   * For PostgreSQL: the connection string for `pg` (with the password: never print it); for
   * ClickHouse: the HTTP(S) endpoint.
   */
  readonly endpoint: string;
  readonly user: string | undefined;
  readonly password: string | undefined;
  /** ClickHouse's database (`/db` in the URL), if named. */
  readonly database: string | undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Reads `--source`: `postgres://` or `postgresql://` (any libpq URL, `?sslmode=require` and
 * the like kept), `clickhouse://host:8123/db` (ClickHouse's HTTP interface; plain HTTP only to
 * this machine, since the password travels with every request) or `clickhouses://host:8443/db`
 * (HTTPS). A password missing from the URL comes from PGPASSWORD or CLICKHOUSE_PASSWORD.
 *
 * @example parseDatabaseUrl('postgres://icp@db.internal:5432/crm', {}).dialect // 'postgres'
 */
export function parseDatabaseUrl(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): DatabaseUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usage(text.replace(/(\/\/[^:/@]*:)[^@/]*@/, '$1***@'), 'is not a URL');
  }
  const user = url.username ? decodeURIComponent(url.username) : undefined;
  const inUrl = url.password ? decodeURIComponent(url.password) : undefined;
  const shownUrl = new URL(url.href);
  if (shownUrl.password) shownUrl.password = '***';
  const shown = shownUrl.href;
  const scheme = url.protocol.slice(0, -1);
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const password = inUrl ?? env.PGPASSWORD;
    // pg reads the connection string over its other options: the password goes inside it.
    const endpoint = new URL(url.href);
    if (password !== undefined && !inUrl) endpoint.password = encodeURIComponent(password);
    return {
      dialect: 'postgres',
      shown,
      endpoint: endpoint.href,
      user,
      password,
      database: undefined,
    };
  }
  if (scheme === 'clickhouse' || scheme === 'clickhouses') {
    const secure = scheme === 'clickhouses';
    if (!secure && !LOOPBACK.has(url.hostname))
      throw usage(
        shown,
        `would send the password in clear text to ${url.hostname}; use clickhouses://${url.host}${url.pathname} (HTTPS, usually port 8443), or a tunnel to localhost`,
      );
    const port = url.port || (secure ? '8443' : '8123');
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || undefined;
    return {
      dialect: 'clickhouse',
      shown,
      endpoint: `${secure ? 'https' : 'http'}://${url.hostname}:${port}/`,
      user,
      password: inUrl ?? env.CLICKHOUSE_PASSWORD,
      database,
    };
  }
  throw usage(shown, `has the scheme ${scheme}:, which is not a database this engine reaches`);
}

function usage(shown: string, problem: string): IcpError {
  return new IcpError(
    'USAGE',
    `--source ${shown} ${problem}. Write postgres://user@host:5432/database, clickhouse://user@localhost:8123/database or clickhouses://user@host:8443/database; give the password in PGPASSWORD or CLICKHOUSE_PASSWORD rather than in the URL.`,
  );
}
