import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScoreSql } from '../src/core/icp/compile-sql.js';
import type { IcpDefinition, ScorecardAttribute } from '../src/core/icp/definition.js';
import { scoreRecord } from '../src/core/icp/score-record.js';
import { quoteIdent, quoteLiteral } from '../src/core/sql/quote.js';
import { Database } from '../src/data/db/database.js';
import { readColumns } from '../src/data/db/read-columns.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { scoreFile } from '../src/pipeline/score/score-file.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { withInteractions } from './support/interactions.js';
import { createTextTable, startPostgres } from './support/postgres.js';

/** PostgreSQL SQL must give the library's scores, tiers and reasons on 100,000 generated accounts. */
const dir = mkdtempSync(join(tmpdir(), 'icp-pg-diff-'));
let pgServer: Awaited<ReturnType<typeof startPostgres>>;
let icp: IcpDefinition;
let client: pg.Client;
let columns: string[];
let texts: Record<string, readonly (string | null)[]>;
let rows: number;

beforeAll(async () => {
  await generateWorld({ accounts: 5000, seed: 1, out: join(dir, 'train') });
  const discovered = await discover(join(dir, 'train', 'icp.config.yaml'), { today: WORLD_TODAY });
  icp = {
    ...discovered,
    scorecard: withInteractions(discovered.scorecard!),
    rules: [
      {
        kind: 'must_have',
        when: { attribute: 'Country', op: 'in', values: ['US', 'CA', 'UK', 'DE'] },
      },
    ],
  };
  await generateWorld({ accounts: 100_000, seed: 2, out: join(dir, 'score') });
  const db = await Database.open();
  const file = quoteLiteral(join(dir, 'score', 'accounts.csv'));
  columns = await db.columns(`read_csv(${file}, all_varchar = true)`);
  const data = await readColumns(
    db,
    `SELECT * FROM read_csv(${file}, all_varchar = true)`,
    Object.fromEntries(columns.map((c) => [c, 'text' as const])),
  );
  db.close();
  texts = data.texts;
  rows = data.rows;
  pgServer = await startPostgres();
  client = pgServer.client;
  // A column name that would break naive SQL, to prove quoting holds in PostgreSQL too.
  await createTextTable(client, quoteIdent('leads; drop'), columns, texts, rows);
}, 240_000);
afterAll(async () => {
  await pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL scoring', () => {
  it('library, DuckDB SQL (batch file) and PostgreSQL SQL agree on 100,000 rows: scores, tiers, coverage, reasons, flags', async () => {
    const out = join(dir, 'scored.csv');
    await scoreFile(icp, join(dir, 'score', 'accounts.csv'), out);
    const duck = await Database.open();
    const batch = new Map(
      (
        await duck.all(
          `SELECT "Account ID" AS id, icp_score, icp_tier, icp_reasons, icp_coverage, icp_near_miss FROM read_csv(${quoteLiteral(out)}, all_varchar = true)`,
        )
      ).map((r) => [r.id as string, r]),
    );
    duck.close();
    const sql = compileScoreSql(icp, {
      dialect: 'postgres',
      from: quoteIdent('leads; drop'),
      columns,
    });
    const result = await client.query(
      `SELECT "Account ID" AS id, icp_score, icp_probability, icp_tier, icp_coverage, icp_reasons, icp_disqualified, icp_near_miss, icp_missing FROM (${sql}) AS scored`,
    );
    expect(result.rows.length).toBe(rows);
    const byId = new Map(result.rows.map((r) => [r.id as string, r]));
    let compared = 0;
    const seen = { unknown: 0, nearMiss: 0, disqualified: 0, texts: new Set<string>() };
    for (let i = 0; i < rows; i++) {
      const record = Object.fromEntries(columns.map((c) => [c, texts[c]![i]]));
      const lib = scoreRecord(icp, record);
      const got = byId.get(record['Account ID'] as string)!;
      // Rounded the same way in every path: equal, not merely close.
      expect(got.icp_score).toBe(lib.score);
      expect(got.icp_probability).toBe(lib.probability);
      expect(got.icp_coverage).toBe(lib.coverage);
      expect(got.icp_tier).toBe(lib.tier);
      expect(got.icp_reasons).toBe(lib.reasonText);
      expect(got.icp_near_miss).toBe(lib.nearMiss !== undefined);
      const fromBatch = batch.get(record['Account ID'] as string)!;
      expect(Number(fromBatch.icp_score)).toBe(lib.score);
      expect(Number(fromBatch.icp_coverage)).toBe(lib.coverage);
      expect(fromBatch.icp_tier).toBe(lib.tier);
      expect(fromBatch.icp_reasons ?? '').toBe(lib.reasonText);
      expect(fromBatch.icp_near_miss).toBe(String(lib.nearMiss !== undefined));
      expect(got.icp_disqualified).toBe(lib.disqualified);
      expect(got.icp_missing).toBe(lib.missing.join(', '));
      if (lib.tier === 'unknown') seen.unknown++;
      if (lib.nearMiss !== undefined) seen.nearMiss++;
      if (lib.disqualified) seen.disqualified++;
      seen.texts.add(lib.reasonText);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(100_000);
    // What the comparison covered: every kind of row, and many distinct explanations.
    expect(seen.unknown).toBeGreaterThan(0);
    expect(seen.nearMiss).toBeGreaterThan(0);
    expect(seen.disqualified).toBeGreaterThan(0);
    expect(seen.texts.size).toBeGreaterThan(1000);
  }, 180_000);

  it('reads backslashes and quotes in categories the same with standard_conforming_strings off', async () => {
    // Categories holding a backslash, a quote and both; the rule names one of them too. With
    // the setting off, a plain 'a\b' literal is an escape: the values, the punctuation pattern
    // ('[\s_./&+-]+') and the number pattern ('\.') would all change meaning.
    const odd = ['fin\\tech', "o'brien", "x\\'y", 'ends with\\'];
    const attrs = icp.scorecard!.attributes;
    const category = attrs.find((a) => a.kind === 'categorical')!;
    const number = attrs.find((a) => a.kind === 'numeric')!;
    let replaced = 0;
    const bins = category.bins.map((b) =>
      b.bin.kind === 'categories' && replaced < odd.length
        ? { ...b, bin: { ...b.bin, values: [...b.bin.values, odd[replaced++]!] } }
        : b,
    );
    expect(replaced).toBe(odd.length);
    const edited: IcpDefinition = {
      ...icp,
      scorecard: {
        ...icp.scorecard!,
        attributes: attrs.map((a): ScorecardAttribute => (a === category ? { ...a, bins } : a)),
      },
      rules: [
        { kind: 'disqualify', when: { attribute: category.name, op: 'in', values: ["X\\'Y"] } },
      ],
    };
    const values = [
      'Fin\\Tech',
      "O'Brien",
      "x\\'y",
      'ends with\\',
      'fin\tech',
      'Series B',
      'series_b',
      'Fin\\\\Tech',
      '\\N',
      "'",
    ];
    const numbers = ['1,200.5', '12x5', '450', '-3', '', '1.5e3', '\\1', '7', '99', '12.0'];
    const table = quoteIdent('odd values');
    await client.query(
      `CREATE TABLE ${table} (id TEXT, ${quoteIdent(category.name)} TEXT, ${quoteIdent(number.name)} TEXT)`,
    );
    for (const [i, v] of values.entries())
      await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3)`, [String(i), v, numbers[i]]);
    const sql = compileScoreSql(edited, {
      dialect: 'postgres',
      from: table,
      columns: ['id', category.name, number.name],
    });
    const select = `SELECT id, icp_score, icp_tier, icp_disqualified, icp_missing, icp_reasons FROM (${sql}) AS scored ORDER BY id::int`;
    const standard = (await client.query(select)).rows;
    await client.query('SET standard_conforming_strings = off');
    let legacy: typeof standard;
    try {
      expect((await client.query('SHOW standard_conforming_strings')).rows).toEqual([
        { standard_conforming_strings: 'off' },
      ]);
      legacy = (await client.query(select)).rows;
    } finally {
      await client.query('RESET standard_conforming_strings');
    }
    expect(legacy).toEqual(standard);
    expect(standard).toHaveLength(values.length);
    values.forEach((v, i) => {
      const lib = scoreRecord(edited, { [category.name]: v, [number.name]: numbers[i] });
      const row = standard[i]!;
      expect(Math.abs(Number(row.icp_score) - lib.score)).toBeLessThanOrEqual(1e-9);
      expect(row.icp_tier).toBe(lib.tier);
      expect(row.icp_disqualified).toBe(lib.disqualified);
      expect(row.icp_missing).toBe(lib.missing.join(', '));
    });
    // The odd categories reached their bins (not "other"), and the rule caught x\'y.
    const binOf = (i: number) =>
      scoreRecord(edited, { [category.name]: values[i] }).reasons.find(
        (r) => r.attribute === category.name,
      )!.bin;
    expect([0, 1, 2, 3].map(binOf)).toEqual(
      bins
        .filter((b) => b.bin.kind === 'categories')
        .slice(0, 4)
        .map((b) => b.bin.label),
    );
    expect(standard.map((r) => r.icp_disqualified)).toEqual(values.map((_, i) => i === 2));
  });
});
