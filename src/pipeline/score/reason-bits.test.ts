import { describe, expect, it } from 'vitest';
import {
  doubleLiteral,
  type ExplainSql,
  reasonRanksSql,
  reasonsListSql,
} from '../../core/icp/explain-sql.js';
import {
  fitsReasonBits,
  reasonBitColumns,
  reasonBitsPicks,
  reasonBitsText,
} from '../../core/icp/reason-bits-sql.js';
import type { ScorePlan } from '../../core/icp/score-plan.js';
import { Database, str } from '../../data/db/database.js';

/**
 * A plan-shaped object with `units` units of `bins` bins each, ranks dealt from a fixed
 * shuffle (every fourth bin about average: no rank), `forCount` of them reasons for. Only what
 * the reasons' SQL reads is filled in.
 */
function syntheticPlan(units: number, bins: number, forCount: number): ScorePlan {
  const slots: { i: number; j: number }[] = [];
  for (let i = 0; i < units; i++) for (let j = 0; j < bins; j++) slots.push({ i, j });
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  const shuffled = slots
    .filter((_, k) => k % 4 !== 3)
    .map((s) => ({ s, key: next() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.s);
  const ranked = shuffled.map((s, r) => `reason ${r} (unit ${s.i}, bin ${s.j}), with a comma`);
  const rank = new Map(shuffled.map((s, r) => [`${s.i}:${s.j}`, r]));
  const attributes = Array.from({ length: units }, (_, i) => ({
    bins: Array.from({ length: bins }, (_, j) => {
      const r = rank.get(`${i}:${j}`) ?? null;
      return { rank: r, text: r === null ? 'about average' : ranked[r] };
    }),
  }));
  return {
    attributes,
    interactions: [],
    ranked,
    forCount,
  } as unknown as ScorePlan;
}

const explain = (plan: ScorePlan): ExplainSql => ({
  dialect: 'duckdb',
  plan,
  bin: (i) => `b${i}`,
  lit: doubleLiteral,
});

describe('reasons from bit sets', () => {
  it('gives the sorted-list text on every row, up to 62 reasons each way, joined or as parts', async () => {
    // 40 units x 4 bins: 120 ranked bins, 62 for and 58 against: the largest bits in use.
    const plan = syntheticPlan(40, 4, 62);
    expect(plan.ranked.length).toBe(120);
    expect(fitsReasonBits(plan)).toBe(true);
    const e = explain(plan);
    // Half the rows draw any bin, half mostly bin 3 (never a reason): from no reasons to six.
    const bins = plan.attributes.map(
      (_, i) =>
        `CAST(CASE WHEN range % 2 = 1 AND random() < 0.95 THEN 3 ELSE floor(random() * 4) END AS INTEGER) AS b${i}`,
    );
    // A text before the reasons on some rows, as icp_reasons has for a tier unknown.
    const first = "CASE WHEN __icp_rf % 3 = 0 THEN 'too little' END";
    const db = await Database.open();
    try {
      await db.run('SELECT setseed(0.25)');
      await db.run(`CREATE TABLE rows AS SELECT ${bins.join(', ')} FROM range(3000)`);
      const rows = await db.all(`SELECT
          ${reasonsListSql(plan, '__icp_ranks')} AS by_list,
          ${reasonBitsText(plan, (c) => c)} AS by_bits,
          concat_ws('; ', ${first}, NULLIF(${reasonBitsText(plan, (c) => c)}, '')) AS nested,
          concat_ws('; ', ${first}, ${reasonBitsPicks(plan, (c) => c).join(', ')}) AS flat
        FROM (SELECT ${reasonRanksSql(e)}, ${reasonBitColumns(e).join(', ')} FROM rows)`);
      expect(rows.length).toBe(3000);
      const text = (v: Parameters<typeof str>[0]) => str(v) ?? 'NULL';
      const differing = rows.filter((r) => text(r.by_list) !== text(r.by_bits));
      expect(differing).toEqual([]);
      // icp_reasons joins the picks after the text before them in one concat_ws.
      expect(rows.filter((r) => text(r.nested) !== text(r.flat))).toEqual([]);
      expect(rows.filter((r) => text(r.flat).startsWith('too little; ')).length).toBeGreaterThan(0);
      // Rows with no reason, fewer than three on a side, and three each way are all covered.
      const counts = new Set(
        rows.map((r) => (text(r.by_bits) === '' ? 0 : text(r.by_bits).split('; ').length)),
      );
      expect([...counts].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    } finally {
      db.close();
    }
  });

  it('leaves ICPs with more than 62 reasons on a side to the sorted list', () => {
    expect(fitsReasonBits(syntheticPlan(40, 4, 63))).toBe(false);
    expect(fitsReasonBits(syntheticPlan(40, 4, 57))).toBe(false);
    expect(fitsReasonBits(syntheticPlan(40, 4, 58))).toBe(true);
  });
});
