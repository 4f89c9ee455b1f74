import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonPost as post, LEAD as lead, servedIcp } from '../../test/support/served-icp.js';
import type { IcpDefinition } from '../core/icp/definition.js';
import { scoreRecord } from '../core/icp/score-record.js';
import { createApp } from './create-app.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-server-'));
let icp: IcpDefinition;

beforeAll(async () => {
  icp = await servedIcp(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

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
    // A reason per attribute and per interaction.
    expect(body.reasons).toHaveLength(
      icp.scorecard!.attributes.length + (icp.scorecard!.interactions?.length ?? 0),
    );
    expect(body).toEqual(JSON.parse(JSON.stringify({ icp: icp.id, ...lib })));
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

  it('answers an empty record with tier unknown and why, not a tier from its missing bins', async () => {
    const res = await createApp({ icp }).request('/v1/score', post('{}'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    const names = icp.scorecard!.attributes.map((a) => a.name);
    expect(body).toMatchObject({ tier: 'unknown', coverage: 0, missing: names, warnings: [] });
    expect(body.unknownReason).toBe(
      `too little is known: ${names.slice(0, -1).join(', ')} and ${names.at(-1)} are missing`,
    );
    expect(String(body.reasonText).startsWith(`${body.unknownReason as string}; `)).toBe(true);
    expect(body.nearMiss).toBeUndefined();
  });

  it('warns of each value it could not read and scores that attribute as missing', async () => {
    const app = createApp({ icp });
    for (const bad of ['12O0', true]) {
      const res = await app.request('/v1/score', post(JSON.stringify({ ...lead, Employees: bad })));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { warnings: unknown[]; score: number; missing: string[] };
      expect(body.warnings).toEqual([
        {
          field: 'Employees',
          attribute: 'Employees',
          value: bad,
          message: `${JSON.stringify(bad)} is not a number, so Employees was scored as missing`,
        },
      ]);
      expect(body.missing).toContain('Employees');
      expect(body.score).toBe(scoreRecord(icp, { ...lead, Employees: null }).score);
    }
  });

  it('reads attributes from the fields a map names, in one record or a batch', async () => {
    const app = createApp({ icp });
    const { Employees, Industry, ...rest } = lead;
    const renamed = { ...rest, employee_count: Employees, sector: Industry };
    const map = { Employees: 'employee_count', industry: 'sector' };
    const expected = scoreRecord(icp, lead);
    const one = (await (
      await app.request('/v1/score', post(JSON.stringify({ ...renamed, map })))
    ).json()) as { score: number; reasonText: string };
    expect([one.score, one.reasonText]).toEqual([expected.score, expected.reasonText]);
    const batch = (await (
      await app.request('/v1/score', post(JSON.stringify({ records: [renamed], map })))
    ).json()) as { results: { score: number }[] };
    expect(batch.results[0]!.score).toBe(expected.score);
    const wrong = await app.request(
      '/v1/score',
      post(JSON.stringify({ records: [renamed], map: { Employes: 'employee_count' } })),
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      error: {
        code: 'USAGE',
        message: `map: "Employes" is not an attribute of ICP ${icp.id}; its attributes are ${icp.scorecard!.attributes.map((a) => a.name).join(', ')}. Map one of those.`,
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

describe('HTTP hardening', () => {
  const errorBody = (code: string, message: string) => ({ error: { code, message } });

  it('sends nosniff on every response and no-store on every data response', async () => {
    const app = createApp({ icp, webRoot: null });
    const responses = [
      await app.request('/healthz'),
      await app.request('/openapi.json'),
      await app.request('/v1/icp'),
      await app.request('/v1/score', post(JSON.stringify(lead))),
      await app.request('/v1/score', post('{')),
      await app.request('/no/such/route'),
      await app.request('/api/dashboard'),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 400, 404, 200]);
    for (const r of responses) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('answers loopback hosts on any port and refuses any other Host with 421', async () => {
    const app = createApp({ icp, webRoot: null });
    for (const host of ['localhost', 'LOCALHOST:8787', '127.0.0.1:1', '[::1]:8787', '[::1]']) {
      const res = await app.request('/healthz', { headers: { host } });
      expect(res.status).toBe(200);
    }
    const evil = await app.request('/v1/score', {
      ...post(JSON.stringify(lead)),
      headers: { host: 'attacker.example:8787', 'content-type': 'application/json' },
    });
    expect(evil.status).toBe(421);
    expect(evil.headers.get('content-type')).toBe('application/json');
    expect(evil.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await evil.json()).toEqual(
      errorBody(
        'USAGE',
        'this server does not answer to the host "attacker.example:8787". Start icp serve with --allowed-host attacker.example to allow it.',
      ),
    );
    // An absolute URL names its host too (DNS rebinding sends the attacker's name either way).
    expect((await app.request('http://rebind.example/api/dashboard')).status).toBe(421);
    expect((await app.request('http://127.0.0.1.nip.io/healthz')).status).toBe(421);
  });

  it('answers the names given in allowedHosts, and any with "*"', async () => {
    const app = createApp({ icp, webRoot: null, allowedHosts: ['ICP.example.com'] });
    expect(
      (await app.request('/healthz', { headers: { host: 'icp.example.com:443' } })).status,
    ).toBe(200);
    expect((await app.request('/healthz', { headers: { host: 'other.example.com' } })).status).toBe(
      421,
    );
    const any = createApp({ icp, webRoot: null, allowedHosts: ['*'] });
    expect((await any.request('/healthz', { headers: { host: 'other.example.com' } })).status).toBe(
      200,
    );
  });

  it('reads the bearer scheme in any case, and still compares the key', async () => {
    const app = createApp({ icp, apiKey: 's3cret' });
    for (const header of ['Bearer s3cret', 'bearer s3cret', 'BEARER s3cret', 'bEaReR  s3cret']) {
      const res = await app.request(
        '/v1/score',
        post(JSON.stringify(lead), { authorization: header }),
      );
      expect(res.status).toBe(200);
    }
    for (const header of ['bearer s3cre', 'Basic s3cret', 'bearers3cret', 's3cret', 'Bearer']) {
      const res = await app.request(
        '/v1/score',
        post(JSON.stringify(lead), { authorization: header }),
      );
      expect(res.status).toBe(401);
    }
  });

  it('names the field when the body has the wrong shape', async () => {
    const app = createApp({ icp });
    const cases: [string, number, string, string][] = [
      [
        '{"records":"x"}',
        400,
        'USAGE',
        '"records" is a string; it must be a list of records, e.g. { "records": [ { "Industry": "Fintech", "Employees": 450 } ] }.',
      ],
      [
        '{"records":{"Industry":"Fintech"}}',
        400,
        'USAGE',
        '"records" is an object; it must be a list of records, e.g. { "records": [ { "Industry": "Fintech", "Employees": 450 } ] }.',
      ],
      [
        '{"records":null}',
        400,
        'USAGE',
        '"records" is null; it must be a list of records, e.g. { "records": [ { "Industry": "Fintech", "Employees": 450 } ] }.',
      ],
      [
        '{"records":[{"Industry":"Fintech"}],"Employees":450}',
        400,
        'USAGE',
        'a batch body has only "records", but this one also has "Employees". Move those fields into each record.',
      ],
      [
        '{"records":[{"Industry":"Fintech"},"Retail"]}',
        400,
        'USAGE',
        'records[1] is a string; a record must be an object of attribute values, e.g. { "Industry": "Fintech", "Employees": 450 }.',
      ],
      [
        '[{"Industry":"Fintech"}]',
        400,
        'USAGE',
        'the body is a list, not an object. Send one record as an object, e.g. { "Industry": "Fintech", "Employees": 450 }, or a batch as { "records": [ ... ] }.',
      ],
      [
        '"Fintech"',
        400,
        'USAGE',
        'the body is a string, not an object. Send one record as an object, e.g. { "Industry": "Fintech", "Employees": 450 }, or a batch as { "records": [ ... ] }.',
      ],
      [
        'null',
        400,
        'USAGE',
        'the body is null, not an object. Send one record as an object, e.g. { "Industry": "Fintech", "Employees": 450 }, or a batch as { "records": [ ... ] }.',
      ],
      [
        '{"records":[{"Industry":["Fintech"]}]}',
        422,
        'DATA',
        'records[0], field "Industry": a nested list is not an attribute value. Send a string, number, boolean or null.',
      ],
    ];
    for (const [body, status, code, message] of cases) {
      const res = await app.request('/v1/score', post(body));
      expect({ body, status: res.status, json: await res.json() }).toEqual({
        body,
        status,
        json: errorBody(code, message),
      });
    }
    const empty = await app.request('/v1/score', post('{"records":[]}'));
    expect(await empty.json()).toEqual({ icp: icp.id, results: [] });
  });
});
