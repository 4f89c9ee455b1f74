import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScoreSql } from '../src/core/icp/compile-sql.js';
import type { Condition, IcpDefinition } from '../src/core/icp/definition.js';
import { scoreRecord } from '../src/core/icp/score-record.js';
import { quoteLiteral } from '../src/core/sql/quote.js';
import { Database } from '../src/data/db/database.js';
import { attribute, bin, handIcp } from './support/hand-icp.js';

/**
 * DuckDB reads an interaction's bin from its conditions in three-valued logic, each condition
 * once; every kind of condition must give the library's match, no match or not known.
 */
/** A numeric attribute cut in two at `cut`, and its missing bin. */
const numeric = (name: string, cut: number) =>
  attribute(name, 'numeric', [
    bin({ kind: 'range', lo: null, hi: cut, label: `< ${cut}` }, 0, 50, 5),
    bin({ kind: 'range', lo: cut, hi: null, label: `≥ ${cut}` }, 10, 50, 15),
    bin({ kind: 'missing', label: 'missing' }, 5, 0, 0),
  ]);

const BASE = handIcp({
  id: 'hand-interaction-kinds',
  attributes: [
    numeric('Employees', 200),
    attribute('Industry', 'categorical', [
      bin({ kind: 'categories', values: ['fintech'], label: 'Fintech' }, 30, 50, 15),
      bin({ kind: 'other', label: 'other' }, 0, 50, 5),
      bin({ kind: 'missing', label: 'missing' }, 15, 0, 0),
    ]),
    numeric('Founded', 2000),
  ],
  tiers: { A: 60, B: 40, C: 20 },
});

const KINDS: Condition[][] = [
  [
    { attribute: 'Industry', op: 'not_in', values: ['Retail', 'unknown'] },
    { attribute: 'Employees', op: 'between', min: 100, max: 1000 },
  ],
  [
    { attribute: 'Employees', op: '<', value: 500 },
    { attribute: 'Founded', op: '>=', value: 2000 },
  ],
  [
    { attribute: 'Industry', op: 'missing' },
    { attribute: 'Employees', op: 'range', min: null, max: null },
  ],
  [
    { attribute: 'Industry', op: 'present' },
    { attribute: 'Founded', op: '<=', value: 2010 },
    { attribute: 'Employees', op: '>', value: 50 },
  ],
  [
    { attribute: 'Industry', op: 'in', values: ['Fintech', 'Retail', 'a', 'b', 'c', 'd'] },
    { attribute: 'Founded', op: 'range', min: 1990, max: null },
  ],
];

const ICP: IcpDefinition = {
  ...BASE,
  scorecard: {
    ...BASE.scorecard!,
    interactions: KINDS.map((conditions, i) => ({
      label: `interaction ${i}`,
      conditions,
      coefficient: 0.5,
      match: { points: 2 ** (i + 1), count: 30, positives: 10 },
      no_match: { points: 0, count: 70, positives: 10 },
    })),
  },
};

const EMPLOYEES = ['', '20', '300', '2000', 'abc'];
const INDUSTRY = ['', 'Fintech', 'Retail', 'Media', 'n/a'];
const FOUNDED = ['', '1985', '2005', '2015'];
const ROWS = EMPLOYEES.flatMap((e) => INDUSTRY.flatMap((i) => FOUNDED.map((f) => [e, i, f])));

let db: Database;
beforeAll(async () => {
  db = await Database.open();
  await db.run(
    'CREATE TABLE leads (n INTEGER, Employees VARCHAR, Industry VARCHAR, Founded VARCHAR)',
  );
  const values = ROWS.map((r, n) => `(${n}, ${r.map(quoteLiteral).join(', ')})`).join(', ');
  await db.run(`INSERT INTO leads VALUES ${values}`);
});
afterAll(() => db?.close());

describe('interactions in DuckDB', () => {
  it('give the library’s bin for every kind of condition', async () => {
    const columns = ['n', 'Employees', 'Industry', 'Founded'];
    const sql = compileScoreSql(ICP, { dialect: 'duckdb', from: 'leads', columns });
    const rows = await db.all(`SELECT * FROM (${sql}) ORDER BY n`);
    expect(rows).toHaveLength(ROWS.length);
    const states = KINDS.map(() => new Set<string>());
    rows.forEach((row, n) => {
      const [Employees, Industry, Founded] = ROWS[n]!;
      const lib = scoreRecord(ICP, { Employees, Industry, Founded });
      expect([row.icp_score, row.icp_reasons ?? '']).toEqual([lib.score, lib.reasonText]);
      for (const r of lib.reasons) {
        const k = KINDS.findIndex((_, i) => r.attribute === `interaction ${i}`);
        if (k >= 0) states[k]!.add(r.value);
      }
    });
    // Every interaction is matched, missed and not known on some rows.
    expect(states.map((s) => [...s].sort())).toEqual(
      KINDS.map(() => ['match', 'no match', 'not known']),
    );
  });
});
