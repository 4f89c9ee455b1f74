import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonPost as post, LEAD as lead, servedIcp } from '../../test/support/served-icp.js';
import type { IcpDefinition } from '../core/icp/definition.js';
import { scoreRecord } from '../core/icp/score-record.js';
import { startServer } from './start-server.js';

// The scoring API on a real loopback socket: what the in-process tests of create-app cannot
// see (the Host a client sends, a body streamed without a length, a port in use).
const dir = mkdtempSync(join(tmpdir(), 'icp-start-server-'));
let icp: IcpDefinition;

beforeAll(async () => {
  icp = await servedIcp(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the scoring API over a real loopback socket', () => {
  it('answers health and score requests', async () => {
    const running = await startServer({ icp, port: 0, apiKey: 'k' });
    try {
      expect(await (await fetch(`${running.url}/healthz`)).json()).toEqual({
        status: 'ok',
        icp: icp.id,
      });
      const res = await fetch(
        `${running.url}/v1/score`,
        post(JSON.stringify(lead), { authorization: 'Bearer k' }),
      );
      expect(((await res.json()) as { score: number }).score).toBe(scoreRecord(icp, lead).score);
    } finally {
      await running.close();
    }
  });
});

describe('startServer', () => {
  it('answers its own non-wildcard address and refuses another Host over a real socket', async () => {
    const running = await startServer({ icp, port: 0, host: '127.0.0.1' });
    try {
      const port = new URL(running.url).port;
      const ask = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request(
            { host: '127.0.0.1', port, path: '/healthz', headers: { host } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end();
        });
      expect(await ask(`127.0.0.1:${port}`)).toBe(200);
      expect(await ask(`localhost:${port}`)).toBe(200);
      expect(await ask(`attacker.example:${port}`)).toBe(421);
    } finally {
      await running.close();
    }
  });

  it('limits the body by its stated length and, sent without one, as it streams', async () => {
    const running = await startServer({ icp, port: 0, maxBodyBytes: 200 });
    const tooLarge = {
      error: {
        code: 'LIMIT',
        message: 'the request body is larger than 200 bytes. Send fewer records per request.',
      },
    };
    const big = JSON.stringify({ ...lead, note: 'x'.repeat(300) });
    try {
      const stated = await fetch(`${running.url}/v1/score`, post(big));
      expect(stated.status).toBe(413);
      expect(await stated.json()).toEqual(tooLarge);
      const chunks = [big.slice(0, 150), big.slice(150)];
      const streamed = await fetch(`${running.url}/v1/score`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          pull(controller) {
            const next = chunks.shift();
            if (next === undefined) controller.close();
            else controller.enqueue(new TextEncoder().encode(next));
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);
      expect(await streamed.json()).toEqual(tooLarge);
      const small = await fetch(`${running.url}/v1/score`, post(JSON.stringify(lead)));
      expect(((await small.json()) as { score: number }).score).toBe(scoreRecord(icp, lead).score);
    } finally {
      await running.close();
    }
  });

  it('refuses a port in use with a USAGE error naming it', async () => {
    const running = await startServer({ icp, port: 0 });
    const port = Number(new URL(running.url).port);
    try {
      await expect(startServer({ icp, port })).rejects.toThrow(
        `cannot listen on 127.0.0.1:${port}: the port is in use. Stop what uses it, or pick another with --port.`,
      );
      await expect(startServer({ icp, port: 0, host: '203.0.113.7' })).rejects.toMatchObject({
        code: 'USAGE',
        message:
          'cannot listen on 203.0.113.7:0: "203.0.113.7" is not an address of this machine. Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).',
      });
    } finally {
      await running.close();
    }
  });
});
