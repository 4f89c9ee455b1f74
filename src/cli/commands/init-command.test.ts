import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { icp } from '../../../test/support/icp-cli.js';

const maven = '../shared/datasets/maven-crm-sales-opportunities';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'icp-init-out-'));
  dirs.push(d);
  return d;
};

describe('icp init --out', () => {
  it('writes the config elsewhere, leaves the data folder as it was, and its paths load', async () => {
    const before = readdirSync(maven).sort();
    const out = join(tempDir(), 'configs', 'maven.yaml');
    const { status, stdout } = await icp('init', maven, '--out', out);
    expect(status).toBe(0);
    expect(stdout.split('\n').at(-2)).toBe(
      `Wrote ${out}. Review it, then run: icp check --config ${out}`,
    );
    // The data folder (here a shared, read-only dataset) gains nothing.
    expect(readdirSync(maven).sort()).toEqual(before);
    const rel = relative(join(out, '..'), resolve(maven)).split('\\').join('/');
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n').slice(0, 2)).toEqual([
      `# Written by "icp init" from the files in the folder ${rel}. Review the guesses, then run:`,
      '#   icp check --config maven.yaml',
    ]);
    const sources = parse(text).sources;
    expect([sources.accounts.path, sources.deals.path]).toEqual([
      `${rel}/accounts.csv`,
      `${rel}/sales_pipeline.csv`,
    ]);
    const check = await icp('check', '--config', out, '--json', '--today', '2026-11-23');
    expect(check.status).toBe(0);
    const tables = JSON.parse(check.stdout).tables as { table: string; rows: number }[];
    expect(tables.map((t) => [t.table, t.rows])).toEqual([
      ['accounts', 85],
      ['deals', 8800],
    ]);
  });

  it('refuses an --out that exists, and with --force still refuses one of the data files', async () => {
    const dir = tempDir();
    for (const f of ['accounts.csv', 'sales_pipeline.csv'])
      copyFileSync(join(maven, f), join(dir, f));
    const accounts = join(dir, 'accounts.csv');
    const original = readFileSync(accounts);
    const exists = await icp('init', dir, '--out', accounts);
    expect(exists.status).not.toBe(0);
    expect(exists.stderr).toContain(`${accounts} already exists. Pass --force to overwrite it.`);
    const forced = await icp('init', dir, '--out', accounts, '--force');
    expect(forced.status).not.toBe(0);
    expect(forced.stderr).toContain('--out');
    expect(forced.stderr).toContain(accounts);
    expect(readFileSync(accounts).equals(original)).toBe(true);
  });
});
