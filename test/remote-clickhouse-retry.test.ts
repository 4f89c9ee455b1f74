import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../src/data/remote/database-url.js';
import { openRemote, type RemoteDatabase } from '../src/data/remote/remote-database.js';

/**
 * A ClickHouse server closes a connection it has kept alive past its keep_alive_timeout; Node's
 * fetch may send the next query on it. This stand-in for ClickHouse's HTTP interface answers
 * the first request on a connection and closes the connection on the second, unanswered: a
 * read is sent again on a new connection, a statement is not (it might have run).
 */
let server: Server;
let db: RemoteDatabase;
const served = new WeakSet<Socket>();
const bodies: string[] = [];
const log: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    log.push(served.has(req.socket) ? 'closed' : 'answered');
    if (served.has(req.socket)) {
      req.socket.destroy();
      return;
    }
    served.add(req.socket);
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      bodies.push(body);
      res.end('{"n":"1"}\n');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  db = await openRemote(parseDatabaseUrl(`clickhouse://default@127.0.0.1:${port}/default`, {}));
});

afterAll(async () => {
  await db.close();
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

describe('ClickHouse over HTTP, a kept-alive connection closed', () => {
  it('sends a read again on a new connection, a statement not', async () => {
    // A connection goes back to the pool a moment after its response is read: reads, apart,
    // until one is sent on a connection already served (closed, then sent again).
    let reads = 0;
    while (reads < 20 && !log.includes('closed')) {
      expect(await db.rows(`SELECT ${reads} AS n`)).toEqual([{ n: '1' }]);
      reads++;
      await setTimeout(50);
    }
    const at = log.indexOf('closed');
    expect(log.slice(at - 1, at + 2)).toEqual(['answered', 'closed', 'answered']);
    // Each read answered once.
    expect(bodies).toEqual(
      Array.from({ length: reads }, (_, i) => `SELECT ${i} AS n FORMAT JSONEachRow`),
    );
    const create = 'CREATE TABLE t (x UInt8) ENGINE = Memory';
    let ran = 0;
    let failed: unknown;
    while (ran < 20 && failed === undefined) {
      await setTimeout(50);
      failed = await db.run(create).then(
        () => void ran++,
        (e: unknown) => e,
      );
    }
    expect(String(failed)).toMatch(
      /^IcpError: clickhouse:\/\/default@127\.0\.0\.1:\d+\/default: connecting failed: other side closed\. Check the URL/,
    );
    // The statement that met a closed connection was not sent again.
    expect(log.at(-1)).toBe('closed');
    expect(bodies.filter((b) => b === create)).toHaveLength(ran);
  });
});
