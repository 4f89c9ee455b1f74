import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { employeesAndIndustry } from '../../../test/support/hand-icp.js';
import { icp as run } from '../../../test/support/icp-cli.js';
import { compileScoreSql, ICP_COLUMNS } from '../../core/icp/compile-sql.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { Database } from '../../data/db/database.js';
import { scoreFile } from './score-file.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-score-reasons-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Employees and Industry, a hard rule on Employees: reasons for, against and too little known. */
const icp = {
  ...employeesAndIndustry('reasons1'),
  rules: [
    { kind: 'disqualify' as const, when: { attribute: 'Employees', op: '<' as const, value: 20 } },
  ],
};

const CSV = [
  'id,Employees,Industry,note',
  '1,150,SaaS,a',
  '2,50,Retail,b',
  '3,,SaaS,c',
  '4,5,SaaS,d',
  '5, 2000 ,saas,e',
  '6,,,f',
  '7,n/a,Health,g',
].join('\n');

/** Every row of a scored file, each cell as text, in file order. */
async function rowsOf(file: string): Promise<Record<string, unknown>[]> {
  const db = await Database.open();
  try {
    const reader = file.endsWith('.csv')
      ? `read_csv(${quoteLiteral(file)}, all_varchar = true)`
      : `read_parquet(${quoteLiteral(file)})`;
    return await db.all(`SELECT * FROM ${reader}`);
  } finally {
    db.close();
  }
}

describe('scoreFile with reasons none', () => {
  it("writes the default's columns and values, icp_reasons left out, and the same summary", async () => {
    const data = join(dir, 'leads.csv');
    writeFileSync(data, `${CSV}\n`);
    for (const ext of ['csv', 'parquet']) {
      const full = await scoreFile(icp, data, join(dir, `full.${ext}`));
      const lean = await scoreFile(icp, data, join(dir, `lean.${ext}`), { reasons: 'none' });
      expect({ ...lean, out: '' }).toEqual({ ...full, out: '' });
      const fullRows = await rowsOf(join(dir, `full.${ext}`));
      const leanRows = await rowsOf(join(dir, `lean.${ext}`));
      expect(Object.keys(leanRows[0]!)).toEqual([
        'id',
        'Employees',
        'Industry',
        'note',
        'icp_score',
        'icp_probability',
        'icp_tier',
        'icp_coverage',
        'icp_disqualified',
        'icp_near_miss',
        'icp_missing',
      ]);
      expect(leanRows).toEqual(fullRows.map(({ icp_reasons: _, ...rest }) => rest));
      // The default still explains every row: reasons are there to leave out.
      expect(fullRows.filter((r) => !r.icp_reasons)).toEqual([]);
    }
  });

  it('refuses a value that is not text or none, naming the option and the choices', async () => {
    const data = join(dir, 'bad.csv');
    writeFileSync(data, `${CSV}\n`);
    const out = join(dir, 'bad-out.csv');
    await expect(scoreFile(icp, data, out, { reasons: 'short' as never })).rejects.toThrow(
      'reasons "short": choose text (the readable reasons in icp_reasons, the default) or none (no icp_reasons column, for bulk scoring).',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('icp score --reasons none writes no icp_reasons; a bad value or one beside --for is a usage error', async () => {
    const data = join(dir, 'cli.csv');
    writeFileSync(data, `${CSV}\n`);
    const icpFile = join(dir, 'icp.json');
    writeFileSync(icpFile, JSON.stringify(icp));
    const out = join(dir, 'cli-out.csv');
    const ok = await run(
      'score',
      '--icp',
      icpFile,
      '--data',
      data,
      '--out',
      out,
      '--reasons',
      'none',
    );
    expect(ok.status).toBe(0);
    expect(Object.keys((await rowsOf(out))[0]!)).not.toContain('icp_reasons');
    const sql = await run('sql', '--icp', icpFile, '--table', 'leads', '--reasons', 'none');
    expect(sql.status).toBe(0);
    expect(sql.stdout).toContain('AS icp_near_miss');
    expect(sql.stdout).not.toContain('icp_reasons');
    const usage = (...args: string[]) =>
      run('score', '--icp', icpFile, '--data', data, '--out', join(dir, 'usage.csv'), ...args);
    expect(await usage('--reasons', 'all')).toEqual({
      status: 2,
      stdout: '',
      stderr:
        "error: option '--reasons <how>' argument 'all' is invalid. Allowed choices are text, none.\n",
    });
    expect(await usage('--reasons', 'none', '--for', 'hubspot')).toEqual({
      status: 2,
      stdout: '',
      stderr:
        'icp: --reasons none: the hubspot import file carries icp_reasons; drop --reasons none, or drop --for to write the scored rows without them.\n',
    });
  });
});

describe('compileScoreSql', () => {
  it('leaves icp_reasons and its work out in every dialect with reasons none', () => {
    const columns = ['id', 'Employees', 'Industry'];
    for (const dialect of ['duckdb', 'postgres', 'clickhouse'] as const) {
      const full = compileScoreSql(icp, { dialect, from: 't', columns });
      const lean = compileScoreSql(icp, { dialect, from: 't', columns, reasons: 'none' });
      expect(full).toContain('AS icp_reasons');
      expect(lean).not.toContain('icp_reasons');
      expect(lean.split('\n')[0]).toBe(
        `-- ICP reasons1, compiled for ${dialect}: every input column plus ${ICP_COLUMNS.filter((c) => c !== 'icp_reasons').join(', ')}`,
      );
      expect(lean.length).toBeLessThan(full.length);
    }
  });
});
