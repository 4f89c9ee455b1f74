import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScoreSql } from '../src/core/icp/compile-sql.js';
import type { IcpDefinition } from '../src/core/icp/definition.js';
import { scoreRecord } from '../src/core/icp/score-record.js';
import { createRandom } from '../src/core/random/prng.js';
import { quoteLiteral } from '../src/core/sql/quote.js';
import { loadConfig } from '../src/data/config/load-config.js';
import { Database } from '../src/data/db/database.js';
import { loadDataset } from '../src/data/load/load-dataset.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { prepareAttributes } from '../src/pipeline/analysis/prepare-attributes.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { icp } from './support/icp-cli.js';

/**
 * What a cell means in `--data` mode and in a config's extra columns: one inference, the same
 * checks, compressed files, the config's `values:` spellings and the ones it should consider.
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-data-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 300 companies: funding with two bad cells, US dates, a yes/no, a tool list, spellings. */
function companies(idHeader: string): string {
  const r = createRandom(5);
  const lines = [`${idHeader},Industry,Funding,Founded,Active,Tech,Won`];
  for (let i = 0; i < 300; i++) {
    const funding = i === 40 ? '####' : i === 41 ? '5/18/27' : `$${r.int(1, 900) * 1000}`;
    const founded = `${String(r.int(1, 12)).padStart(2, '0')}/${String(r.int(1, 28)).padStart(2, '0')}/${r.int(1995, 2012)}`;
    const industry =
      i % 50 === 7
        ? 'Fin Tech'
        : i % 60 === 8
          ? 'Financial Technology'
          : r.pick(['Fintech', 'SaaS', 'Retail']);
    const tech = ['AWS', 'HubSpot', 'Slack'].filter(() => r.chance(0.5)).join(';');
    const active = r.pick(['Y', 'N']);
    const won = r.chance(active === 'Y' ? 0.6 : 0.2) ? 'yes' : 'no';
    lines.push(`A${i},${industry},${funding},${founded},${active},${tech},${won}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('--data mode', () => {
  const leads = join(dir, 'leads.csv');
  beforeAll(() => writeFileSync(leads, companies('id')));

  it('types columns as a config does: a number with bad cells named, a US date as an age, a yes/no, a list as has-X', async () => {
    const out = join(dir, 'leads.json');
    const r = await icp(
      'discover',
      '--data',
      leads,
      '--target',
      'Won',
      '--positive',
      'yes',
      '--id',
      'id',
      '--as-of',
      '2013-06-30',
      '--out',
      out,
      '--no-registry',
    );
    expect(r.status).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as IcpDefinition;
    const kinds = Object.fromEntries(result.evidence.map((e) => [e.attribute, e.kind]));
    expect(kinds).toMatchObject({
      Funding: 'numeric',
      'Founded (years ago)': 'numeric',
      Active: 'categorical',
      'Tech has AWS': 'categorical',
      'Tech has HubSpot': 'categorical',
      'Tech has Slack': 'categorical',
    });
    expect(result.findings).toContain(
      'Funding: 2 of 300 filled cells are not numbers and are read as missing: row 42 "####", row 43 "5/18/27".',
    );
    expect(result.excluded).toContainEqual({
      attribute: 'Tech',
      reason: 'a list (";"-separated): enters as 3 has-value attributes (its most frequent values)',
    });
    const active = result.evidence.find((e) => e.attribute === 'Active')!;
    expect(active.bins.map((b) => b.label).sort()).toEqual(['N', 'Y', 'missing', 'other']);
  });

  it('leaves out a column named account_id (or a name discovery uses inside) with the reason, where it stopped with an internal error', async () => {
    const f = join(dir, 'deals-with-account.csv');
    const r = createRandom(3);
    const rows = Array.from({ length: 300 }, (_, i) => {
      const industry = r.pick(['Fintech', 'SaaS', 'Retail']);
      const won = r.chance(industry === 'Fintech' ? 0.6 : 0.2) ? 'yes' : 'no';
      return `D${i},A${Math.floor(i / 3)},${r.int(0, 1)},${industry},${won}`;
    });
    writeFileSync(f, `id,Account_ID,_target,Industry,Won\n${rows.join('\n')}\n`);
    const out = join(dir, 'deals-with-account.json');
    const run = await icp(
      ...['discover', '--data', f, '--target', 'Won', '--positive', 'yes', '--id', 'id'],
      ...['--out', out, '--no-registry'],
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as IcpDefinition;
    expect(result.excluded.slice(0, 2)).toEqual([
      {
        attribute: 'Account_ID',
        reason:
          'an identifier: the account id (pass --account Account_ID when rows of one account should share a fold)',
      },
      {
        attribute: '_target',
        reason:
          'its name is one discovery uses for its own columns: rename the column to learn from it',
      },
    ]);
    expect(result.evidence.map((e) => e.attribute)).toEqual(['Industry']);
    // Named as the account column, it groups the rows instead.
    const grouped = await icp(
      ...['discover', '--data', f, '--target', 'Won', '--positive', 'yes', '--id', 'id'],
      ...['--account', 'Account_ID', '--out', join(dir, 'grouped.json'), '--no-registry'],
    );
    expect(grouped.status).toBe(0);
    const byAccount = JSON.parse(readFileSync(join(dir, 'grouped.json'), 'utf8')) as IcpDefinition;
    expect(byAccount.excluded.map((e) => e.attribute)).not.toContain('Account_ID');
  });

  it('rejects empty and duplicate ids, naming the rows, exit 3', async () => {
    const bad = join(dir, 'bad-ids.csv');
    writeFileSync(bad, 'id,Industry,Won\nL1,Fintech,yes\nL2,SaaS,no\nL2,Retail,no\n,SaaS,yes\n');
    const r = await icp(
      'discover',
      '--data',
      bad,
      '--target',
      'Won',
      '--positive',
      'yes',
      '--id',
      'id',
      '--out',
      join(dir, 'never.json'),
      '--no-registry',
    );
    expect(r).toEqual({
      status: 3,
      stdout: '',
      stderr: [
        'icp: 2 problems in the data; nothing was written:',
        '  bad-ids.csv row 5, column "id": empty, but every row needs an id. Fill it in or remove the row.',
        '  bad-ids.csv row 4, column "id": "L2" is already used at row 3; ids must be unique. Remove the duplicate row or give it its own id.',
        '',
      ].join('\n'),
    });
  });

  it('takes several --positive values, as a list or the flag repeated, and names one that never occurs', async () => {
    const f = join(dir, 'status.csv');
    const r = createRandom(9);
    const rows = Array.from(
      { length: 200 },
      (_, i) => `${i},${r.pick(['acquired', 'ipo', 'operating', 'closed'])},${r.int(1, 9)}`,
    );
    writeFileSync(f, `id,status,rounds\n${rows.join('\n')}\n`);
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    await icp(
      'discover',
      '--data',
      f,
      '--target',
      'status',
      '--positive',
      'acquired,ipo',
      '--out',
      a,
      '--no-registry',
    );
    await icp(
      'discover',
      '--data',
      f,
      '--target',
      'status',
      '--positive',
      'acquired',
      '--positive',
      'IPO',
      '--out',
      b,
      '--no-registry',
    );
    const [x, y] = [a, b].map((p) => JSON.parse(readFileSync(p, 'utf8')) as IcpDefinition);
    expect(x!.target.definition).toBe(
      'status in [acquired, ipo] (trimmed, any case); counted among rows where status is filled',
    );
    expect(x!.target.positives).toBe(y!.target.positives);
    expect(x!.target.positives).toBe(rows.filter((l) => /,(acquired|ipo),/.test(l)).length);
    const missing = await icp(
      'discover',
      '--data',
      f,
      '--target',
      'status',
      '--positive',
      'acquired,exited',
      '--out',
      join(dir, 'c.json'),
      '--no-registry',
    );
    expect(missing).toEqual({
      status: 2,
      stdout: '',
      stderr: `icp: --positive: "exited" never occurs in column "status" of ${f}. Values seen: acquired, closed, ipo, operating.\n`,
    });
    const date = await icp(
      'discover',
      '--data',
      f,
      '--target',
      'status',
      '--positive',
      'ipo',
      '--as-of',
      '2013-1-1',
      '--out',
      join(dir, 'd.json'),
      '--no-registry',
    );
    expect(date.stderr).toBe(
      'icp: --as-of "2013-1-1": write a date as YYYY-MM-DD, e.g. --as-of 2025-06-30.\n',
    );
    expect(date.status).toBe(2);
  });

  it('reads .csv.gz and .csv.zst as the plain file', async () => {
    writeFileSync(join(dir, 'leads.csv.gz'), gzipSync(readFileSync(leads)));
    const db = await Database.open();
    await db.run(
      `COPY (SELECT * FROM read_csv(${quoteLiteral(leads)}, all_varchar = true)) TO ${quoteLiteral(join(dir, 'leads.csv.zst'))} (FORMAT csv, HEADER, COMPRESSION zstd)`,
    );
    db.close();
    const evidence = [];
    for (const file of ['leads.csv', 'leads.csv.gz', 'leads.csv.zst']) {
      const out = join(dir, `${file}.json`);
      const r = await icp(
        'discover',
        '--data',
        join(dir, file),
        '--target',
        'Won',
        '--positive',
        'yes',
        '--id',
        'id',
        '--as-of',
        '2013-06-30',
        '--out',
        out,
        '--no-registry',
      );
      expect(r.status).toBe(0);
      evidence.push(JSON.parse(readFileSync(out, 'utf8')).evidence);
    }
    expect(evidence[1]).toEqual(evidence[0]);
    expect(evidence[2]).toEqual(evidence[0]);
  });

  it('checks a .csv.gz as the plain file, and refuses a .gz that is not gzip', async () => {
    // "Café" in Windows-1252 on the row of A7 (line 9): one byte that is not UTF-8.
    const latin = readFileSync(leads, 'utf8').replace('\nA7,', '\nA7,Caf\u00e9 ');
    writeFileSync(join(dir, 'latin.csv.gz'), gzipSync(Buffer.from(latin, 'latin1')));
    const args = ['--target', 'Won', '--positive', 'yes', '--id', 'id', '--no-registry'];
    const out = join(dir, 'latin.json');
    const r = await icp('discover', '--data', join(dir, 'latin.csv.gz'), ...args, '--out', out);
    expect(r.status).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as IcpDefinition).findings).toContain(
      'latin.csv.gz: 1 byte is not valid UTF-8 (first on line 9); read as Windows-1252. Save the file as UTF-8 to silence this warning.',
    );
    writeFileSync(join(dir, 'plain.csv.gz'), readFileSync(leads));
    const plain = join(dir, 'plain.csv.gz');
    const bad = await icp('discover', '--data', plain, ...args, '--out', join(dir, 'p.json'));
    expect(bad.stderr).toBe(
      'icp: plain.csv.gz: is named .gz but is not compressed. Name it after what it is (plain.csv).\n',
    );
    expect(bad.status).toBe(3);
  });
});

describe('config mode: extra account columns and values:', () => {
  const folder = join(dir, 'config');
  const config = join(folder, 'icp.config.yaml');
  beforeAll(() => {
    mkdirSync(folder);
    writeFileSync(join(folder, 'accounts.csv'), companies('Account ID'));
    writeFileSync(
      config,
      'sources:\n  accounts:\n    path: accounts.csv\n    values:\n      industry: { Fintech: [Financial Technology] }\n',
    );
  });

  it('types the extras as --data does, warns of bad cells and of likely synonyms, applies values:', async () => {
    const ds = await loadDataset(await loadConfig(config), { today: '2013-06-30' });
    try {
      const fintech = companies('x')
        .split('\n')
        .filter((l) => l.includes(',Fintech,')).length;
      expect(ds.warnings.map((w) => [w.code, w.message])).toEqual([
        [
          'unreadable_cells',
          'accounts.csv, column "Funding": 2 of 300 filled cells are not numbers and are read as missing: row 42 "####", row 43 "5/18/27". Correct them or leave them empty.',
        ],
        [
          'likely_synonym',
          `accounts.csv, column "Industry": "Fin Tech" (6 rows) and "Fintech" (${fintech} rows) may be one category (spaced apart). If they are, add to the config: sources.accounts.values: { "industry": { "Fintech": ["Fin Tech"] } }`,
        ],
      ]);
      const accounts = ds.tables.get('accounts')!;
      expect(accounts.extras.map((x) => [x.name, x.type])).toEqual([
        ['Funding', 'number'],
        ['Founded', 'date'],
        ['Active', 'text'],
        ['Tech', 'list'],
        ['Won', 'text'],
      ]);
      const industries = await ds.db.all(
        'SELECT industry, count(*) AS n FROM accounts GROUP BY 1 ORDER BY 1',
      );
      expect(industries.map((r) => r.industry)).toEqual(['Fin Tech', 'Fintech', 'Retail', 'SaaS']);
      const prepared = await prepareAttributes(ds, { asOf: '2013-06-30' });
      const names = prepared.candidates.map((c) => c.name);
      expect(names.slice(0, 5)).toEqual([
        'Industry',
        'Funding',
        'Active',
        'Won',
        'Founded (years ago)',
      ]);
      // The has-X attributes come most frequent first.
      expect(names.slice(5).sort()).toEqual(['Tech has AWS', 'Tech has HubSpot', 'Tech has Slack']);
      expect(prepared.derive.get('Founded (years ago)')).toEqual({
        kind: 'age_years',
        from: 'Founded',
        as_of: '2013-06-30',
        formats: ['%m/%d/%Y'],
      });
    } finally {
      ds.close();
    }
  });

  it('refuses values: for a column the file does not have, naming the closest', async () => {
    appendFileSync(config, '      Sectr: { Fintech: [FinTech] }\n');
    await expect(loadDataset(await loadConfig(config), { today: '2013-06-30' })).rejects.toThrow(
      'sources.accounts.values.Sectr: accounts.csv has no column "Sectr" (did you mean "Tech"?). Name a canonical column or a header of the file.',
    );
  });
});

describe('values: spellings are scored as their category in every path', () => {
  const world = join(dir, 'world');
  let discovered: IcpDefinition;
  beforeAll(async () => {
    await generateWorld({ accounts: 3000, seed: 4, out: world });
    const yaml = readFileSync(join(world, 'icp.config.yaml'), 'utf8').replace(
      '      created_at: Created At\n',
      '      created_at: Created At\n    values:\n      industry: { Fintech: [Financial Technology] }\n',
    );
    writeFileSync(join(world, 'icp.config.yaml'), yaml);
    discovered = await discover(join(world, 'icp.config.yaml'), { today: WORLD_TODAY });
  }, 240_000);

  it('stores the spelling in the Fintech bin, so library and SQL score it as Fintech', async () => {
    const industry = discovered.scorecard!.attributes.find((a) => a.name === 'Industry')!;
    const fintech = industry.bins.find((b) => b.bin.label === 'Fintech')!;
    expect(fintech.bin).toMatchObject({
      kind: 'categories',
      values: ['fintech', 'financial technology'],
    });
    const lead = { Industry: 'Financial Technology', Employees: '450' };
    const asFintech = scoreRecord(discovered, { ...lead, Industry: 'Fintech' });
    expect(scoreRecord(discovered, lead).score).toBe(asFintech.score);
    const db = await Database.open();
    try {
      const sql = compileScoreSql(discovered, {
        dialect: 'duckdb',
        from: '(SELECT \'Financial Technology\' AS "Industry", \'450\' AS "Employees")',
        columns: ['Industry', 'Employees'],
      });
      const row = await db.one(sql);
      expect(Math.abs(Number(row?.icp_score) - asFintech.score)).toBeLessThanOrEqual(1e-9);
    } finally {
      db.close();
    }
  });
});
