import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { icp } from '../../test/support/icp-cli.js';

describe('icp command line', () => {
  it('lists its commands in --help and exits 0', async () => {
    const r = await icp('--help');
    expect(r.status).toBe(0);
    for (const c of ['generate', 'init', 'check', 'discover', 'demo'])
      expect(r.stdout).toContain(`  ${c}`);
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(await icp('--version')).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('suggests the command meant, exit 2', async () => {
    const r = await icp('chek');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("error: unknown command 'chek'\n(Did you mean check?)\n");
  });

  it('names a missing required option, exit 2', async () => {
    const r = await icp('check');
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr: "error: required option '-c, --config <file>' not specified\n",
    });
  });

  it('rejects a bad number of accounts with the option and the fix, exit 2', async () => {
    const r = await icp('generate', '--accounts', 'many', '--out', '/nonexistent/never-written');
    expect(r).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'icp: --accounts: "many" is not a whole number from 1 to 100,000,000. Pass e.g. --accounts 1.\n',
    });
    expect(existsSync('/nonexistent/never-written')).toBe(false);
  });

  it('generate writes the files, says what it wrote, and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icp-cli-generate-'));
    try {
      const r = await icp('generate', '--accounts', '300', '--seed', '3', '--out', dir);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toBe(`Wrote a sample world of 300 accounts (seed 3) to ${dir}:`);
      expect(lines.slice(1).map((l) => l.trim().split(/\s+/)[0])).toEqual([
        'accounts.csv',
        'deals.csv',
        'invoices.csv',
        'tickets.csv',
        'usage.csv',
        'contacts.csv',
        'deal_contacts.csv',
        'feedback.csv',
      ]);
      expect(readdirSync(dir).sort()).toEqual([
        'accounts.csv',
        'contacts.csv',
        'deal_contacts.csv',
        'deals.csv',
        'feedback.csv',
        'icp.config.yaml',
        'invoices.csv',
        'tickets.csv',
        'usage.csv',
      ]);
      const accounts =
        readFileSync(join(dir, 'accounts.csv'), 'utf8').trim().split('\n').length - 1;
      expect(lines[1]).toMatch(new RegExp(`^  accounts\\.csv +${accounts} rows$`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('discover writes icp.json and prints the ICP in words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icp-cli-discover-'));
    try {
      const out = join(dir, 'icp.json');
      const r = await icp(
        'discover',
        '--config',
        'examples/maven-crm/icp.config.yaml',
        '--out',
        out,
        '--no-registry',
        '--today',
        '2026-11-23',
      );
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(
        /^Target: won: a closed deal that was won; counted among closed deals of known accounts\.\n4,238 of 6,711 \(63%\) are positive\.\n\nNo reliable profile: no attribute separates the target beyond chance \(false discovery rate 5% over 6 attributes\)\.\n/,
      );
      const written = JSON.parse(readFileSync(out, 'utf8')) as {
        format: string;
        verdict: { kind: string };
      };
      expect(written.format).toBe('icp-engine/icp@1');
      expect(written.verdict.kind).toBe('no_signal');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('discover --config prints on stderr the data warnings icp check lists', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icp-cli-warnings-'));
    try {
      expect((await icp('generate', '--accounts', '300', '--seed', '3', '--out', dir)).status).toBe(
        0,
      );
      const config = join(dir, 'icp.config.yaml');
      const checked = await icp('check', '--config', config, '--json');
      const warnings = (
        JSON.parse(checked.stdout) as { warnings: { code: string; message: string }[] }
      ).warnings;
      expect(warnings.map((w) => w.code)).toEqual([
        'likely_synonym',
        'likely_synonym',
        'likely_synonym',
        'duplicate_name',
      ]);
      expect(warnings[0]!.message).toContain('"Health Care" (1 row) and "Healthcare" (42 rows)');
      const out = join(dir, 'icp.json');
      const r = await icp('discover', '--config', config, '--out', out, '--no-registry');
      expect(r.status).toBe(0);
      expect(r.stderr).toBe(warnings.map((w) => `warning: ${w.message}\n`).join(''));
      expect(r.stdout).toMatch(new RegExp(`Wrote ${out} \\(ICP [0-9a-f]+\\)\\.\\n$`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('discover names what is missing from the command line, exit 2', async () => {
    expect(await icp('discover', '--out', '/nonexistent/icp.json')).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'icp: discover needs one of --config FILE, --data FILE or --source URL (with --target and --positive), not two.\n',
    });
    expect(
      (await icp('discover', '--data', 'x.csv', '--out', '/nonexistent/icp.json')).stderr,
    ).toBe(
      'icp: --data needs --target COLUMN and --positive VALUE, e.g. --target Churn --positive No.\n',
    );
    const config = 'examples/maven-crm/icp.config.yaml';
    expect(
      await icp('discover', '--config', config, '--negative', 'Lost', '--out', '/nonexistent/x'),
    ).toEqual({
      status: 2,
      stdout: '',
      stderr:
        "icp: --negative names the outcome of --data FILE or --source URL; with --config the target is the config's target.kind (ideal, won or retained), so drop --negative.\n",
    });
  });

  it('check --json prints the profile as JSON', async () => {
    const r = await icp(
      'check',
      '--config',
      'examples/maven-crm/icp.config.yaml',
      '--json',
      '--today',
      '2026-11-23',
    );
    expect(r.status).toBe(0);
    const profile = JSON.parse(r.stdout) as { tables: { table: string; rows: number }[] };
    expect(profile.tables.map((t) => [t.table, t.rows])).toEqual([
      ['accounts', 85],
      ['deals', 8800],
    ]);
  });

  it('check --memory bounds DuckDB and leaves no temporary database behind; a bad size is exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icp-memory-'));
    try {
      const out = join(dir, 'profile.json');
      const config = 'examples/maven-crm/icp.config.yaml';
      const r = await icp('check', '--config', config, '--memory', '256MB', '--out', out);
      expect(r.status).toBe(0);
      // The temporary database went beside the output; nothing of it is left.
      expect(readdirSync(dir)).toEqual(['profile.json']);
      expect(await icp('check', '--config', config, '--memory', '2 gigs')).toEqual({
        status: 2,
        stdout: '',
        stderr:
          'icp: --memory "2 gigs" is not a memory size. Write a number with a unit, e.g. --memory 2GB, 512MB, 1.5GiB, or a share of this machine\'s memory, e.g. --memory 50%.\n',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sync, pull and push take --memory like every command that loads data; a bad size is exit 2', async () => {
    const bad =
      'icp: --memory "2 gigs" is not a memory size. Write a number with a unit, e.g. --memory 2GB, 512MB, 1.5GiB, or a share of this machine\'s memory, e.g. --memory 50%.\n';
    const lines = [
      ['sync', 'hubspot', '--dir', 'crm'],
      ['pull', 'hubspot', '--out', 'crm'],
      ['push', 'hubspot', '--icp', 'icp.json', '--scored', 'scored.parquet'],
    ];
    for (const line of lines)
      expect(await icp(...line, '--memory', '2 gigs')).toEqual({
        status: 2,
        stdout: '',
        stderr: bad,
      });
    // A good size is taken, and the command goes on to its own first check.
    const token = process.env.HUBSPOT_TOKEN;
    delete process.env.HUBSPOT_TOKEN;
    try {
      expect(await icp('pull', 'hubspot', '--out', 'crm', '--memory', '256MB')).toEqual({
        status: 2,
        stdout: '',
        stderr:
          'icp: HubSpot needs a private app access token: set HUBSPOT_TOKEN in the environment. Create one in HubSpot under Settings > Integrations > Private Apps with the scopes docs/crm.md lists.\n',
      });
    } finally {
      if (token !== undefined) process.env.HUBSPOT_TOKEN = token;
    }
  });

  it('the built bin runs as a program (npm run build makes dist/)', () => {
    expect(existsSync('dist/cli/main.js'), 'dist/cli/main.js is missing: run npm run build').toBe(
      true,
    );
    const out = execFileSync(
      process.execPath,
      ['dist/cli/main.js', 'check', '--config', 'examples/maven-crm/icp.config.yaml'],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/^accounts: 85 rows from /);
    expect(out).toContain('deals: 8,800 rows from ');
  });
});
