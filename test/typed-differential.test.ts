import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScoreSql } from '../src/core/icp/compile-sql.js';
import type { IcpDefinition } from '../src/core/icp/definition.js';
import { scoreRecord } from '../src/core/icp/score-record.js';
import { createRandom } from '../src/core/random/prng.js';
import { quoteLiteral } from '../src/core/sql/quote.js';
import { Database, type Row } from '../src/data/db/database.js';
import { discoverGeneric } from '../src/pipeline/discover/discover-generic.js';
import { scoreFile } from '../src/pipeline/score/score-file.js';
import { startPostgres } from './support/postgres.js';

/**
 * The same rows scored three ways: as a CSV export with its awkward cells ("$1,200", "12.",
 * "unknown", "?", "TRUE", "n", dates, lists), as a typed DuckDB table and as a typed
 * PostgreSQL table (BOOLEAN, DATE, DECIMAL, INTEGER). A cell means one thing, so every row gets
 * the same score, tier and reasons; the library agrees with both the text and the typed record.
 */
interface Lead {
  readonly text: Record<string, string>;
  readonly typed: {
    employees: number | null;
    revenue: string | null;
    active: boolean | null;
    partner: boolean | null;
    founded: string | null;
  };
}

const COLUMNS = [
  ...['id', 'Industry', 'Employees', 'Revenue', 'Active', 'Partner', 'Founded', 'Tech', 'Won'],
];

function lead(i: number, r: ReturnType<typeof createRandom>): Lead {
  const industry = r.pick(['Fintech', 'FinTech', 'SaaS', 'Retail', 'Health Care', 'N/A']);
  const n = r.int(5, 3000);
  const employees = r.pick([`${n}`, n.toLocaleString('en-US'), `${n}.`, 'unknown', '?', '']);
  const m = r.int(1, 99);
  const revenue = r.pick([
    [`$${(n * 1000).toLocaleString('en-US')}`, `${n * 1000}`],
    [`${(n * 1000).toLocaleString('en-US')} USD`, `${n * 1000}`],
    [`€${(m / 10).toFixed(1)}M`, `${(m * 100_000).toFixed(0)}`],
    [`${n}k`, `${n * 1000}`],
    [`(${n.toLocaleString('en-US')})`, `-${n}`],
    ['-', null],
  ] as const);
  const active = r.pick([
    ['TRUE', true],
    ['true', true],
    ['Yes', true],
    ['Y', true],
    ['n', false],
    ['No', false],
    ['FALSE', false],
    ['f', false],
    ['', null],
  ] as const);
  // A 0/1 column in the export, a BOOLEAN in the warehouse: a number to discovery.
  const partner = r.pick([
    ['1', true],
    ['0', false],
    ['', null],
  ] as const);
  const year = r.int(1990, 2013);
  const founded = r.chance(0.85)
    ? `${year}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`
    : null;
  const tools = ['AWS', 'HubSpot', 'Slack', 'Salesforce', 'Jira'].filter(() => r.chance(0.45));
  const tech = tools.map((t) => (r.chance(0.2) ? ` ${t.toLowerCase()} ` : t)).join(';');
  const hasAws = tools.includes('AWS');
  const fit =
    -2.2 +
    (industry.toLowerCase() === 'fintech' ? 1.2 : 0) +
    (active[1] === true ? 1.1 : 0) +
    (partner[1] === true ? 0.9 : 0) +
    (hasAws ? 1.0 : 0) +
    (founded ? (2014 - year) * 0.09 : 0) +
    (employees === 'unknown' || employees === '?' || employees === '' ? 0 : Math.log10(n) * 0.5);
  const won = r.chance(1 / (1 + Math.exp(-fit))) ? 'yes' : 'no';
  const numeric = /^[0-9,.]+$/.test(employees) ? n : null;
  return {
    text: {
      id: `L-${String(i).padStart(5, '0')}`,
      Industry: industry,
      Employees: employees,
      Revenue: revenue[0],
      Active: active[0],
      Partner: partner[0],
      Founded: founded ?? '',
      Tech: tech,
      Won: won,
    },
    typed: {
      employees: numeric,
      revenue: revenue[1],
      active: active[1],
      partner: partner[1],
      founded,
    },
  };
}

const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

const dir = mkdtempSync(join(tmpdir(), 'icp-typed-diff-'));
const csv = join(dir, 'leads.csv');
let leads: Lead[];
let icp: IcpDefinition;
let db: Database;
let pgServer: Awaited<ReturnType<typeof startPostgres>>;

beforeAll(async () => {
  const r = createRandom(11);
  leads = Array.from({ length: 3000 }, (_, i) => lead(i, r));
  const lines = leads.map((l) => COLUMNS.map((c) => csvField(l.text[c] ?? '')).join(','));
  writeFileSync(csv, `${COLUMNS.join(',')}\n${lines.join('\n')}\n`);
  icp = await discoverGeneric({
    data: csv,
    target: 'Won',
    positive: 'yes',
    id: 'id',
    asOf: '2014-01-01',
  });
  const typedSql = (l: Lead, dialect: 'duckdb' | 'postgres') => {
    const s = (v: string | null) => (v === null || v === '' ? 'NULL' : quoteLiteral(v));
    const t = l.typed;
    return `(${[
      s(l.text.id!),
      s(l.text.Industry!),
      t.employees === null ? 'NULL' : String(t.employees),
      t.revenue === null ? 'NULL' : `CAST(${quoteLiteral(t.revenue)} AS DECIMAL(18, 2))`,
      t.active === null ? 'NULL' : String(t.active),
      t.partner === null ? 'NULL' : String(t.partner),
      t.founded === null ? 'NULL' : `DATE ${quoteLiteral(t.founded)}`,
      s(l.text.Tech!),
    ].join(', ')})${dialect === 'postgres' ? '' : ''}`;
  };
  const create = `CREATE TABLE leads (id VARCHAR(20), "Industry" VARCHAR(40), "Employees" INTEGER, "Revenue" DECIMAL(18, 2), "Active" BOOLEAN, "Partner" BOOLEAN, "Founded" DATE, "Tech" VARCHAR(200))`;
  db = await Database.open();
  await db.run(create);
  await db.run(`INSERT INTO leads VALUES ${leads.map((l) => typedSql(l, 'duckdb')).join(', ')}`);
  pgServer = await startPostgres();
  await pgServer.client.query(create);
  await pgServer.client.query(
    `INSERT INTO leads VALUES ${leads.map((l) => typedSql(l, 'postgres')).join(', ')}`,
  );
}, 240_000);
afterAll(async () => {
  db?.close();
  await pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a CSV, a typed DuckDB table and a typed PostgreSQL table score alike', () => {
  it('learns from every awkward column: a yes/no, a money amount, a date age and a list item', () => {
    const attributes = icp.scorecard!.attributes;
    const byName = new Map(attributes.map((a) => [a.name, a]));
    expect(byName.get('Active')?.kind).toBe('categorical');
    expect(byName.get('Partner')).toMatchObject({ kind: 'numeric', range: { min: 0, max: 1 } });
    expect(byName.get('Founded (years ago)')?.derive).toEqual({
      kind: 'age_years',
      from: 'Founded',
      as_of: '2014-01-01',
    });
    expect(byName.get('Tech has AWS')?.derive).toEqual({
      kind: 'has',
      from: 'Tech',
      value: 'aws',
      separator: ';',
    });
    expect(attributes.some((a) => a.name === 'Employees' || a.name === 'Revenue')).toBe(true);
  });

  it('gives every row the same score, tier and reasons in every path', async () => {
    const columns = COLUMNS.filter((c) => c !== 'Won');
    const out = join(dir, 'scored.csv');
    await scoreFile(icp, csv, out);
    const batch = await db.all(
      `SELECT * FROM read_csv(${quoteLiteral(out)}, all_varchar = true) ORDER BY id`,
    );
    const sql = (dialect: 'duckdb' | 'postgres') =>
      `SELECT id, icp_score, icp_tier, icp_reasons, icp_missing FROM (${compileScoreSql(icp, { dialect, from: 'leads', columns })}) AS s ORDER BY id`;
    const duck = await db.all(sql('duckdb'));
    const pg = (await pgServer.client.query(sql('postgres'))).rows as Row[];
    expect([batch.length, duck.length, pg.length]).toEqual([3000, 3000, 3000]);
    const tiers = { A: 0, B: 0, C: 0, D: 0, unknown: 0 };
    leads.forEach((l, i) => {
      const fromText = scoreRecord(icp, l.text);
      const fromTyped = scoreRecord(icp, {
        ...l.text,
        Employees: l.typed.employees,
        Revenue: l.typed.revenue === null ? null : Number(l.typed.revenue),
        Active: l.typed.active,
        Partner: l.typed.partner,
        Founded: l.typed.founded,
      });
      tiers[fromText.tier]++;
      expect(fromTyped.reasons.map((x) => [x.attribute, x.bin, x.points])).toEqual(
        fromText.reasons.map((x) => [x.attribute, x.bin, x.points]),
      );
      for (const row of [batch[i]!, duck[i]!, pg[i]!]) {
        expect(row.id).toBe(l.text.id);
        expect(Math.abs(Number(row.icp_score) - fromText.score)).toBeLessThanOrEqual(1e-9);
        expect(row.icp_tier).toBe(fromText.tier);
        expect(row.icp_missing ?? '').toBe(fromText.missing.join(', '));
        expect(row.icp_reasons).toBe(batch[i]!.icp_reasons);
      }
    });
    // Every tier A-D is reached, so the comparison is not over one kind of row.
    expect([tiers.A, tiers.B, tiers.C, tiers.D].every((n) => n > 0)).toBe(true);
  });
});
