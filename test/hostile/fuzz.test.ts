import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';

/**
 * The loaders against random input through `icp check` and `icp score`: whatever the bytes,
 * an exit status of its kind (never 1, the bug status), no stack trace, and the input left
 * as it was. Few runs each: every run opens a database.
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

async function icp(argv: readonly string[]) {
  let stderr = '';
  const status = await run(argv, {
    stdout: () => {},
    stderr: (s) => {
      stderr += s;
    },
    isTTY: false,
  });
  return { status, stderr };
}

/** Writes `content` as the accounts source, checks it, and returns the status. */
async function checkAccounts(name: string, content: string | Uint8Array): Promise<number> {
  const data = join(dir, name);
  const config = join(dir, 'icp.config.yaml');
  writeFileSync(data, content);
  writeFileSync(config, `sources:\n  accounts:\n    path: ${name}\n`);
  const before = readFileSync(data);
  const r = await icp(['check', '--config', config, '--today', '2026-11-23']);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(readFileSync(data).equals(before)).toBe(true);
  return r.status;
}

const cell = fc.oneof(
  fc.constantFrom('', 'A1', 'SaaS', '1,200', '"', '""', '\r', '\n', '\0', ',', ';', '\t', 'é'),
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
);

describe('the loaders on random input', () => {
  it('random bytes: exit 0 or 3, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        expect([0, 3]).toContain(await checkAccounts('accounts.csv', bytes));
      }),
      { numRuns: RUNS },
    );
  });

  it('CSV-ish text with quotes, separators, NUL and line breaks: exit 0 or 3', async () => {
    const csv = fc
      .array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 })
      .map((rows) => `Account ID,Industry\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    await fc.assert(
      fc.asyncProperty(csv, async (text) => {
        expect([0, 3]).toContain(await checkAccounts('accounts.csv', text));
      }),
      { numRuns: RUNS },
    );
  });

  it('random JSON as a source: exit 0 or 3', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json({ depthSize: 'medium' }), async (text) => {
        expect([0, 3]).toContain(await checkAccounts('accounts.json', text));
      }),
      { numRuns: RUNS },
    );
  });

  it('CSV-ish text into discover --data: exit 0, 2 or 3', async () => {
    const rows = fc.array(fc.tuple(cell, cell, fc.constantFrom('yes', 'no', '', 'YES', ' yes ')), {
      minLength: 1,
      maxLength: 60,
    });
    await fc.assert(
      fc.asyncProperty(rows, async (rs) => {
        const data = join(dir, 'rows.csv');
        const text = `a,b,won\n${rs.map((r) => r.join(',')).join('\n')}\n`;
        writeFileSync(data, text);
        const r = await icp([
          'discover',
          '--data',
          data,
          '--target',
          'won',
          '--positive',
          'yes',
          '--out',
          join(dir, 'found.json'),
          '--no-registry',
        ]);
        expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
        expect([0, 2, 3]).toContain(r.status);
        expect(readFileSync(data, 'utf8')).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });

  it('random JSON as the ICP of icp score: exit 2', async () => {
    const data = join(dir, 'leads.csv');
    writeFileSync(data, 'id,industry\n1,SaaS\n');
    await fc.assert(
      fc.asyncProperty(fc.json({ depthSize: 'medium' }), async (text) => {
        const file = join(dir, 'icp.json');
        writeFileSync(file, text);
        const r = await icp(['score', '--icp', file, '--data', data, '--out', join(dir, 'o.csv')]);
        expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
        expect(r.status).toBe(2);
        expect(readFileSync(file, 'utf8')).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });
});
