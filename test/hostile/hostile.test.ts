import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CASES } from './cases.js';
import { buildFixtures } from './fixtures.js';
import { changedFiles, hashTree } from './hash-inputs.js';
import { icp as icpCli } from '../support/icp-cli.js';

const start = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'icp-hostile-'));
let busy: Server;
let port = 0;

beforeAll(async () => {
  await buildFixtures(dir);
  process.chdir(dir);
  busy = createServer();
  await new Promise<void>((done) => busy.listen(0, '127.0.0.1', done));
  port = (busy.address() as { port: number }).port;
});

afterAll(async () => {
  process.chdir(start);
  await new Promise((done) => busy.close(done));
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  rmSync(join(dir, 'out'), { recursive: true, force: true });
  mkdirSync(join(dir, 'out'));
});

const icp = (argv: readonly string[]) => icpCli(...argv);

describe('every command on hostile input', () => {
  it('has at least 100 cases covering every command', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
    const commands = new Set(CASES.map((c) => c.argv[0]));
    for (const c of [
      'generate',
      'init',
      'check',
      'discover',
      'score',
      'sql',
      'audit',
      'report',
      'verify',
      'backtest',
      'drift',
      'diff',
      'versions',
      'serve',
      'demo',
    ])
      expect(commands, c).toContain(c);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const before = hashTree(dir, ['out']);
    const argv = c.argv.map((a) => a.replace('<port>', String(port)));
    const r = await icp(argv);
    const stderr = r.stderr.replaceAll(dir, '<dir>').replaceAll(String(port), '<port>');
    if (process.env.HOSTILE_PRINT)
      console.log(
        JSON.stringify({ name: c.name, status: r.status, stderr, stdout: r.stdout.slice(0, 300) }),
      );
    expect(r.status, 'exit status 1 is a bug').not.toBe(1);
    expect(stderr, 'no stack trace').not.toMatch(/\n\s+at /);
    expect({ status: r.status, stderr }).toEqual({ status: c.status, stderr: c.stderr });
    if (c.stdout !== undefined) expect(r.stdout).toContain(c.stdout);
    expect(changedFiles(before, hashTree(dir, ['out'])), 'inputs changed').toEqual([]);
  });
});

describe('a NUL inside a category', () => {
  it('is removed with a note, so score and sql can use the ICP discover writes', async () => {
    const before = hashTree(dir, ['out']);
    const found = await icp([
      'discover',
      '--data',
      'nul-leads.csv',
      '--target',
      'won',
      '--positive',
      'yes',
      '--id',
      'id',
      '--out',
      'out/icp.json',
      '--no-registry',
    ]);
    expect(found.status).toBe(0);
    const note =
      'nul-leads.csv: 133 NUL bytes (first on line 5) removed; NUL is not text. Export the file again without them to silence this warning.';
    expect(found.stdout.split('\n')).toContain(note);
    const written = readFileSync(join(dir, 'out/icp.json'), 'utf8');
    expect(written).not.toContain('\\u0000');
    expect(written).toContain('"retail"');
    const scored = await icp([
      'score',
      '--icp',
      'out/icp.json',
      '--data',
      'nul-leads.csv',
      '--out',
      'out/s.csv',
    ]);
    expect(scored.status).toBe(0);
    expect(scored.stderr).toBe(`warning: ${note}\n`);
    const sql = await icp(['sql', '--icp', 'out/icp.json', '--table', 'leads']);
    expect(sql.status).toBe(0);
    expect(sql.stdout).toContain("'retail'");
    expect(changedFiles(before, hashTree(dir, ['out']))).toEqual([]);
  });
});

describe('the input fingerprint', () => {
  it('notices a file changed, added or removed', () => {
    const root = mkdtempSync(join(tmpdir(), 'icp-hash-'));
    try {
      writeFileSync(join(root, 'a.csv'), 'x\n1\n');
      writeFileSync(join(root, 'b.csv'), 'y\n');
      const before = hashTree(root);
      writeFileSync(join(root, 'a.csv'), 'x\n2\n');
      rmSync(join(root, 'b.csv'));
      writeFileSync(join(root, 'c.csv'), 'z\n');
      expect(changedFiles(before, hashTree(root))).toEqual(['a.csv', 'b.csv', 'c.csv']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
