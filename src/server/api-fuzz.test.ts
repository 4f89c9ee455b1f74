import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../pipeline/discover/discover-config.js';
import { generateWorld } from '../sample/generate-world.js';
import { WORLD_TODAY } from '../sample/planted-truth.js';
import { createApp } from './create-app.js';

/**
 * Random bodies and content types against the API's body parser and the scoring routes: the
 * answer is never a 5xx, and never shows a stack trace or a path of the server's machine.
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-api-fuzz-'));
let app: Hono;
let attributes: string[];

beforeAll(async () => {
  await generateWorld({ accounts: 1000, seed: 5, out: dir });
  const icp = await discover(join(dir, 'icp.config.yaml'), { today: WORLD_TODAY });
  attributes = icp.scorecard!.attributes.map((a) => a.name);
  app = createApp({ icp, webRoot: null, maxBatch: 20, maxBodyBytes: 4096 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const contentTypes = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'text/csv',
  'application/octet-stream',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
  '*/*; q=0',
);

/** What a server path or a stack in a body would look like. */
function leaks(text: string): string | undefined {
  const needles = [tmpdir(), process.cwd(), 'node_modules', '    at '];
  return (
    needles.find((n) => text.includes(n)) ?? (/\.[tj]s:\d+/.test(text) ? 'file:line' : undefined)
  );
}

async function send(
  path: string,
  body: string | Uint8Array,
  type: string | undefined,
): Promise<{ status: number; text: string }> {
  const res = await app.request(path, {
    method: 'POST',
    headers: type === undefined ? {} : { 'content-type': type },
    body: body as NonNullable<RequestInit['body']>,
  });
  return { status: res.status, text: await res.text() };
}

/** A failed answer is the API's error object; a good one from /v1/score is JSON. */
function checkAnswer(answer: { status: number; text: string }, csv: boolean): void {
  expect(answer.status).toBeLessThan(500);
  expect(leaks(answer.text)).toBeUndefined();
  if (answer.status >= 400) {
    const parsed = JSON.parse(answer.text) as { error: { code: string; message: string } };
    expect(Object.keys(parsed)).toEqual(['error']);
    expect(typeof parsed.error.message).toBe('string');
  } else if (!csv) {
    expect(Object.keys(JSON.parse(answer.text) as object)).toContain('icp');
  }
}

describe('API fuzz', () => {
  it('POST /v1/score: random JSON, records, bytes and content types never give a 5xx or a leak', async () => {
    const key = fc.oneof(
      fc.constantFrom(...attributes, 'records', '__proto__', 'constructor', 'toString'),
      fc.string({ maxLength: 8 }),
    );
    const record = fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      record.map((r) => JSON.stringify(r)),
      fc
        .array(fc.oneof(record, fc.jsonValue({ maxDepth: 2 })), { maxLength: 25 })
        .map((records) => JSON.stringify({ records })),
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ maxLength: 200 }),
      fc.nat({ max: 5000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    );
    await fc.assert(
      fc.asyncProperty(body, contentTypes, async (b, type) => {
        checkAnswer(await send('/v1/score', b, type), false);
      }),
      { numRuns: 400, seed: 18 },
    );
  });

  it('POST /api/score-csv: random bytes and CSV-like text never give a 5xx or a leak', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('"', '""', '"a,b"', '=1+1', '-3', '\r', '\t', '\\', ''),
    );
    const csv = fc
      .tuple(
        fc.array(fc.oneof(fc.constantFrom(...attributes), fc.string({ maxLength: 5 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 4 }),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n', '\r'),
      )
      .map(([header, rows, sep, eol]) => [header, ...rows].map((r) => r.join(sep)).join(eol));
    const body = fc.oneof(csv, fc.uint8Array({ maxLength: 200 }));
    await fc.assert(
      fc.asyncProperty(body, contentTypes, async (b, type) => {
        checkAnswer(await send('/api/score-csv', b, type), true);
      }),
      { numRuns: 40, seed: 18 },
    );
  });
});
