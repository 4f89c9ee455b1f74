import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/run.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { type TierState, tierState, tierTransitions } from '../../core/icp/diff-icp.js';
import { scoreRecord } from '../../core/icp/score-record.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { Database, type Row } from '../../data/db/database.js';
import { writeIcp } from '../../data/icp/icp-file.js';
import { generateWorld } from '../../sample/generate-world.js';
import { WORLD_TODAY } from '../../sample/planted-truth.js';
import { discover } from '../discover/discover-config.js';
import { type DiffFilesResult, diffIcpFiles, MAX_MOVERS } from './diff-icp-files.js';

/** Two ICPs discovered from two sample worlds (seeds 9 and 10), the second a re-discovery of the first. */
const dir = mkdtempSync(join(tmpdir(), 'icp-diff-'));
const oldFile = join(dir, 'old.json');
const newFile = join(dir, 'new.json');
const data = join(dir, 'w1', 'accounts.csv');
let oldIcp: IcpDefinition;
let newIcp: IcpDefinition;
let rows: Row[];
let result: DiffFilesResult;

beforeAll(async () => {
  await generateWorld({ accounts: 3000, seed: 9, out: join(dir, 'w1') });
  await generateWorld({ accounts: 3000, seed: 10, out: join(dir, 'w2') });
  oldIcp = await discover(join(dir, 'w1', 'icp.config.yaml'), { today: WORLD_TODAY });
  const rediscovered = await discover(join(dir, 'w2', 'icp.config.yaml'), { today: WORLD_TODAY });
  // A hard rule in the new ICP only, so that rows also move to "disqualified".
  newIcp = {
    ...rediscovered,
    parent: oldIcp.id,
    rules: [{ kind: 'disqualify', when: { attribute: 'Employees', op: '<', value: 15 } }],
  };
  await writeIcp(oldFile, oldIcp);
  await writeIcp(newFile, newIcp);
  const db = await Database.open();
  try {
    rows = await db.all(`SELECT * FROM read_csv(${quoteLiteral(data)}, all_varchar = true)`);
  } finally {
    db.close();
  }
  result = await diffIcpFiles(oldFile, newFile, { data });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diffIcpFiles on two discovered ICPs', () => {
  it('compares the definitions: lineage and a scorecard that changed', () => {
    expect(oldIcp.verdict.kind).toBe('scorecard');
    expect(newIcp.verdict.kind).toBe('scorecard');
    const d = result.diff;
    expect(d.parentMatches).toBe(true);
    expect(d.sameId).toBe(false);
    expect(d.tiers.changed).toBe(true);
    expect(d.scorecard.changed.length + d.scorecard.added.length).toBeGreaterThan(0);
    expect(d.rules).toEqual({ added: ['disqualify: Employees < 15'], removed: [], kept: 0 });
  });

  it('has a transition matrix that sums to the row count and matches scoring each row with both', () => {
    const t = result.data!.transitions;
    expect(result.data!.rows).toBe(rows.length);
    expect(t.total).toBe(rows.length);
    expect(t.counts.flat().reduce((s, x) => s + x, 0)).toBe(rows.length);
    const oldStates: TierState[] = [];
    const newStates: TierState[] = [];
    for (const row of rows) {
      const o = scoreRecord(oldIcp, row);
      const n = scoreRecord(newIcp, row);
      oldStates.push(tierState(o.tier, o.disqualified));
      newStates.push(tierState(n.tier, n.disqualified));
    }
    const direct = tierTransitions(oldStates, newStates);
    expect(t.counts).toEqual(direct.counts);
    const diagonal = t.counts.reduce((s, row, i) => s + row[i]!, 0);
    const unchanged = oldStates.filter((s, i) => s === newStates[i]).length;
    expect(diagonal).toBe(unchanged);
    expect(t.same).toBe(unchanged);
    expect(t.up + t.down + t.unknown).toBe(rows.length - unchanged);
    // Rows too little known to tier under one ICP and not the other (weights differ) are neither up nor down.
    const u = t.states.indexOf('unknown');
    expect(t.unknown).toBe(
      t.counts.reduce(
        (s, row, i) =>
          s + row.reduce((r, x, j) => r + (i !== j && (i === u || j === u) ? x : 0), 0),
        0,
      ),
    );
    // The rule only exists in the new ICP: nothing is disqualified under the old one, some rows are under the new.
    const dq = t.states.indexOf('disqualified');
    expect(t.counts[dq]!.every((x) => x === 0)).toBe(true);
    expect(t.counts.reduce((s, row) => s + row[dq]!, 0)).toBeGreaterThan(0);
  });

  it('lists the rows whose score changes most, by account id, at most 20', () => {
    const movers = result.data!.movers;
    expect(result.data!.idColumn).toBe('Account ID');
    expect(movers.length).toBe(MAX_MOVERS);
    const byId = new Map(rows.map((r) => [String(r['Account ID']), r]));
    const largest = Math.max(
      ...rows.map((r) => Math.abs(scoreRecord(newIcp, r).score - scoreRecord(oldIcp, r).score)),
    );
    expect(Math.abs(movers[0]!.change)).toBeCloseTo(largest, 9);
    for (let i = 1; i < movers.length; i++)
      expect(Math.abs(movers[i]!.change)).toBeLessThanOrEqual(Math.abs(movers[i - 1]!.change));
    for (const m of movers) {
      const row = byId.get(m.id)!;
      expect(m.old.score).toBeCloseTo(scoreRecord(oldIcp, row).score, 9);
      expect(m.new.score).toBeCloseTo(scoreRecord(newIcp, row).score, 9);
    }
  });

  it('is the same through the command line, as text and as JSON', async () => {
    let stdout = '';
    const io = {
      stdout: (s: string) => {
        stdout += s;
      },
      stderr: () => {},
      isTTY: false,
    };
    expect(await run(['diff', oldFile, newFile, '--data', data, '--json'], io)).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(result)));
    stdout = '';
    expect(await run(['diff', oldFile, newFile, '--data', data], io)).toBe(0);
    expect(stdout).toContain('The new ICP names the old one as its parent.');
    expect(stdout).toMatch(/\n {2}old \\ new +A +B +C +D +unknown +disqualified +total\n/);
    expect(stdout).toContain(`  total  `);
    expect(stdout).toContain('Rows that move most (by Account ID):');
    expect(stdout).toContain(
      'Hard rules: 1 added, 0 removed, 0 kept.\n  + disqualify: Employees < 15',
    );
  });

  it('with --config, computes the attributes from every table instead of scoring them missing', async () => {
    const config = join(dir, 'w1', 'icp.config.yaml');
    const derived = [...result.data!.absentColumns.old, ...result.data!.absentColumns.new].filter(
      (a) => a === 'Contacts' || a.startsWith('Has '),
    );
    // accounts.csv has no Contacts or Has <role> column: --data scores them as missing, and says so.
    expect(derived.length).toBeGreaterThan(0);
    const byConfig = await diffIcpFiles(oldFile, newFile, { config, today: WORLD_TODAY });
    expect(byConfig.data!.file).toBe(`the accounts of ${config}`);
    expect(byConfig.data!.absentColumns).toEqual({ old: [], new: [] });
    expect(byConfig.data!.idColumn).toBe('account_id');
    expect(byConfig.data!.rows).toBe(byConfig.data!.transitions.total);
    let stdout = '';
    const io = {
      stdout: (s: string) => {
        stdout += s;
      },
      stderr: () => {},
      isTTY: false,
    };
    expect(await run(['diff', oldFile, newFile, '--data', data], io)).toBe(0);
    expect(stdout).toContain(
      'The tier mix shift counts these absent attributes as missing for every row, so part of it may come from them rather than from the ICPs.',
    );
    expect(stdout).toContain(
      'come from the contacts table, not from one file of accounts: diff with --config icp.config.yaml to compute them.',
    );
    await expect(diffIcpFiles(oldFile, newFile, { data, config })).rejects.toThrow(
      'diff scores either --data FILE or the accounts of --config FILE, not both. Give one.',
    );
  });

  it('compares definitions alone without --data, and refuses an ICP file that is not there', async () => {
    const alone = await diffIcpFiles(oldFile, newFile);
    expect(alone.data).toBeNull();
    expect(alone.diff).toEqual(result.diff);
    await expect(diffIcpFiles(oldFile, join(dir, 'nope.json'))).rejects.toThrow(
      /cannot read the ICP file/,
    );
  });
});
