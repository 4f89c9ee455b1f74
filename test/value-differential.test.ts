import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/data/config/load-config.js';
import type { Row } from '../src/data/db/database.js';
import { type Dataset, loadDataset } from '../src/data/load/load-dataset.js';
import { computeCustomerValue } from '../src/pipeline/value/customer-value.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';

/**
 * Differential test: the customer-value metrics computed in DuckDB SQL must equal a plain
 * TypeScript reference computed row by row from the same loaded rows.
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-value-diff-'));
let ds: Dataset;
let sqlRows: Map<string, Row>;

beforeAll(async () => {
  await generateWorld({ accounts: 400, seed: 5, out: dir });
  const config = await loadConfig(join(dir, 'icp.config.yaml'));
  ds = await loadDataset(config, { today: WORLD_TODAY });
  const { table } = await computeCustomerValue(ds, config.config.value);
  sqlRows = new Map(
    (await ds.db.all(`SELECT * FROM ${table}`)).map((r) => [String(r.account_id), r]),
  );
});
afterAll(() => {
  ds.close();
  rmSync(dir, { recursive: true, force: true });
});

const monthIndex = (iso: string) => Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('customer value: SQL against a TypeScript reference', () => {
  it('agrees on revenue, churn, tenure, support, net value, deals and NPS for every account', async () => {
    const asOf = WORLD_TODAY;
    const asOfMonth = monthIndex(asOf);
    const rows = async (sql: string) => ds.db.all(sql);
    const invoices = await rows(
      'SELECT account_id, CAST(date AS VARCHAR) AS date, amount FROM invoices WHERE account_id IS NOT NULL',
    );
    const tickets = await rows(
      'SELECT account_id, minutes FROM tickets WHERE account_id IS NOT NULL',
    );
    const deals = await rows('SELECT account_id, stage FROM deals WHERE account_id IS NOT NULL');
    const feedback = await rows('SELECT account_id, score FROM feedback');
    const accounts = await rows('SELECT account_id FROM accounts');

    type Ref = {
      rev: number;
      rev12: number;
      first: number;
      last: number;
      lastDate: string;
      tickets: number;
      minutes: number;
      won: number;
      lost: number;
      nps: number[];
    };
    const ref = new Map<string, Ref>();
    const get = (id: string) => {
      let r = ref.get(id);
      if (!r) {
        r = {
          rev: 0,
          rev12: 0,
          first: Number.POSITIVE_INFINITY,
          last: Number.NEGATIVE_INFINITY,
          lastDate: '',
          tickets: 0,
          minutes: 0,
          won: 0,
          lost: 0,
          nps: [],
        };
        ref.set(id, r);
      }
      return r;
    };
    for (const inv of invoices) {
      const r = get(String(inv.account_id));
      const m = monthIndex(String(inv.date));
      r.rev += Number(inv.amount);
      if (m > asOfMonth - 12) r.rev12 += Number(inv.amount);
      r.first = Math.min(r.first, m);
      r.last = Math.max(r.last, m);
      if (String(inv.date) > r.lastDate) r.lastDate = String(inv.date);
    }
    for (const t of tickets) {
      const r = get(String(t.account_id));
      r.tickets++;
      r.minutes += Number(t.minutes);
    }
    for (const d of deals) {
      const r = get(String(d.account_id));
      if (d.stage === 'won') r.won++;
      if (d.stage === 'lost') r.lost++;
    }
    for (const f of feedback) get(String(f.account_id)).nps.push(Number(f.score));

    let compared = 0;
    for (const a of accounts) {
      const id = String(a.account_id);
      const r = get(id);
      const s = sqlRows.get(id)!;
      const customer = r.rev > 0;
      const churned = customer ? dayNumber(r.lastDate) < dayNumber(asOf) - 45 : null;
      const tenure = customer ? (churned ? r.last : asOfMonth) - r.first + 1 : null;
      const cost = r.minutes * 1.5;
      const net = r.rev * 0.8 - cost;
      expect(s.is_customer).toBe(customer);
      expect(s.revenue_total as number).toBeCloseTo(r.rev, 6);
      expect(s.revenue_12m as number).toBeCloseTo(r.rev12, 6);
      expect(s.churned).toBe(churned);
      expect(s.tenure_months === null ? null : Number(s.tenure_months)).toBe(tenure);
      expect(Number(s.tickets)).toBe(r.tickets);
      expect(s.cost_to_serve as number).toBeCloseTo(cost, 6);
      expect(s.net_value as number).toBeCloseTo(net, 6);
      if (tenure) expect(s.net_value_per_month as number).toBeCloseTo(net / tenure, 6);
      const closed = r.won + r.lost;
      expect(s.win_rate === null ? null : (s.win_rate as number)).toBe(
        closed > 0 ? r.won / closed : null,
      );
      const nps = r.nps.length > 0 ? r.nps.reduce((x, y) => x + y, 0) / r.nps.length : null;
      if (nps === null) expect(s.nps_avg).toBeNull();
      else expect(s.nps_avg as number).toBeCloseTo(nps, 9);
      compared++;
    }
    expect(compared).toBe(accounts.length);
    expect(compared).toBeGreaterThanOrEqual(400);
  });
});
