import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IcpDefinition } from '../core/icp/definition.js';
import { scoreRecord } from '../core/icp/score-record.js';
import { discover } from '../pipeline/discover/discover-config.js';
import { generateWorld } from '../sample/generate-world.js';
import { WORLD_TODAY } from '../sample/planted-truth.js';
import { createApp } from './create-app.js';
import { startServer } from './start-server.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-server-'));
let icp: IcpDefinition;
const lead = {
  Industry: 'Fintech',
  Employees: 450,
  'Annual Revenue': '60,000,000',
  Region: 'Europe',
  'Funding Stage': 'Series B',
};

beforeAll(async () => {
  await generateWorld({ accounts: 3000, seed: 4, out: dir });
  icp = await discover(join(dir, 'icp.config.yaml'), { today: WORLD_TODAY });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const post = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

describe('the scoring API (in-process)', () => {
  it('scores one record exactly as the library does', async () => {
    const app = createApp({ icp });
    const res = await app.request('/v1/score', post(JSON.stringify(lead)));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      icp: string;
      score: number;
      tier: string;
      reasons: unknown[];
    };
    const lib = scoreRecord(icp, lead);
    expect(body.icp).toBe(icp.id);
    expect(body.score).toBe(lib.score);
    expect(body.tier).toBe(lib.tier);
    expect(body.reasons).toHaveLength(icp.scorecard!.attributes.length);
  });

  it('scores a batch and refuses one over the limit', async () => {
    const app = createApp({ icp, maxBatch: 3 });
    const ok = await app.request(
      '/v1/score',
      post(JSON.stringify({ records: [lead, { Industry: 'Retail', Employees: 12 }] })),
    );
    expect(((await ok.json()) as { results: unknown[] }).results).toHaveLength(2);
    const big = await app.request(
      '/v1/score',
      post(JSON.stringify({ records: [lead, lead, lead, lead] })),
    );
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      error: {
        code: 'LIMIT',
        message: '4 records in one request; the most is 3. Split the batch.',
      },
    });
  });

  it('requires the API key when one is set, and rejects a wrong one', async () => {
    const app = createApp({ icp, apiKey: 's3cret' });
    expect(
      (
        await app.request(
          '/v1/score',
          post(JSON.stringify(lead), { authorization: 'Bearer s3cret' }),
        )
      ).status,
    ).toBe(200);
    const wrong = await app.request(
      '/v1/score',
      post(JSON.stringify(lead), { authorization: 'Bearer s3cre' }),
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: {
        code: 'AUTH',
        message: 'missing or wrong API key. Send the header "Authorization: Bearer <ICP_API_KEY>".',
      },
    });
    expect((await app.request('/v1/icp')).status).toBe(401);
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('rejects an oversized body, malformed JSON and a malformed record with the right status and message', async () => {
    const app = createApp({ icp, maxBodyBytes: 200 });
    const big = await app.request(
      '/v1/score',
      post(JSON.stringify({ ...lead, note: 'x'.repeat(300) })),
    );
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({
      error: {
        code: 'LIMIT',
        message: 'the request body is larger than 200 bytes. Send fewer records per request.',
      },
    });
    const broken = await app.request('/v1/score', post('{"Industry": '));
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('USAGE');
    const nested = await app.request(
      '/v1/score',
      post(JSON.stringify({ Industry: { name: 'Fintech' } })),
    );
    expect(nested.status).toBe(422);
    expect(await nested.json()).toEqual({
      error: {
        code: 'DATA',
        message:
          'the body, field "Industry": a nested object is not an attribute value. Send a string, number, boolean or null.',
      },
    });
  });

  it('serves the ICP and an OpenAPI document', async () => {
    const app = createApp({ icp });
    expect(((await (await app.request('/v1/icp')).json()) as { id: string }).id).toBe(icp.id);
    const doc = (await (await app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/healthz', '/v1/icp', '/v1/score']);
  });
});

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
