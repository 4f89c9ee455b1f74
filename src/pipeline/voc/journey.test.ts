import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../data/config/load-config.js';
import { type Dataset, loadDataset } from '../../data/load/load-dataset.js';
import { type TableRef, uniqueTable } from '../analysis/table-ref.js';
import { journeyByTier } from './journey.js';
import { gatherDocuments } from './voc-documents.js';

/**
 * The journey and the documents on a tiny hand-made company (test/fixtures/voc): stage history,
 * activities, a requests table and tickets flagged as requests by type or tag. The tiers are
 * set by hand in a table of accounts, as the audit would leave its own, so every number here can be counted
 * from the CSVs.
 */
let dataset: Dataset;
const tiers: TableRef = uniqueTable('_audit');

beforeAll(async () => {
  const loaded = await loadConfig('test/fixtures/voc/icp.config.yaml');
  dataset = await loadDataset(loaded, { today: '2024-12-31' });
  await dataset.db.run(`CREATE TEMP TABLE ${tiers} AS SELECT * FROM (VALUES
      ('A1', 'A', true, DATE '2024-02-01'), ('A2', 'A', false, NULL), ('A3', 'B', true, DATE '2024-03-01'),
      ('A4', 'C', false, NULL), ('A5', 'D', false, NULL)) t(account_id, tier, is_customer, first_revenue_month)`);
});
afterAll(() => dataset?.close());

describe('documents', () => {
  it('reads tickets as requests by type or tag, the requests table, and call notes, of known accounts', async () => {
    const sources = await gatherDocuments(dataset, {
      request_tags: ['feature request', 'product idea'],
      min_accounts: 5,
      max_themes: 30,
      quotes: 3,
    });
    expect(sources).toEqual([
      { source: 'call note', lens: 'raised', documents: 5, accounts: 3 },
      { source: 'request', lens: 'raised', documents: 5, accounts: 3 },
      { source: 'ticket', lens: 'raised', documents: 2, accounts: 2 },
    ]);
    const rows = await dataset.db.all(
      `SELECT account_id, text FROM _voc_docs WHERE source = 'request' ORDER BY doc_id`,
    );
    expect(rows).toEqual([
      { account_id: 'A3', text: 'Dark mode' },
      { account_id: 'A4', text: 'Add a Square integration' },
      { account_id: 'A5', text: 'Cheaper plan? We are one small store' },
      { account_id: 'A4', text: 'Cheaper plan for one store' },
      { account_id: 'A5', text: 'POS integration' },
    ]);
  });
});

describe('journey by tier', () => {
  it('reads the funnel and the time in each stage from the stage history, without the closing stages', async () => {
    const j = await journeyByTier(dataset, tiers, '2024-12-31');
    expect(j.funnel?.from).toBe('stage history');
    expect(j.funnel?.steps).toEqual(['Prospecting', 'Proposal', 'Negotiation', 'won']);
    expect(j.funnel?.rows.filter((r) => r.tier === 'A')).toEqual([
      { tier: 'A', step: 'Prospecting', deals: 2, share: 1 },
      { tier: 'A', step: 'Proposal', deals: 2, share: 1 },
      { tier: 'A', step: 'Negotiation', deals: 1, share: 0.5 },
      { tier: 'A', step: 'won', deals: 1, share: 0.5 },
    ]);
    expect(j.funnel?.rows.filter((r) => r.tier === 'D')).toEqual([
      { tier: 'D', step: 'Prospecting', deals: 1, share: 1 },
      { tier: 'D', step: 'Proposal', deals: 1, share: 1 },
      { tier: 'D', step: 'won', deals: 0, share: 0 },
    ]);
    expect(j.timeInStage.filter((r) => r.tier === 'A')).toEqual([
      { tier: 'A', stage: 'Negotiation', deals: 1, medianDays: 10 },
      { tier: 'A', stage: 'Proposal', deals: 2, medianDays: 15 },
      { tier: 'A', stage: 'Prospecting', deals: 2, medianDays: 15 },
    ]);
  });

  it('counts touchpoints per closed deal by type, lead sources and the cycle, and says what it cannot measure', async () => {
    const j = await journeyByTier(dataset, tiers, '2024-12-31');
    expect(j.touchpoints).toEqual([
      { tier: 'A', type: 'call', perDeal: 0.5, deals: 2 },
      { tier: 'A', type: 'email', perDeal: 1.5, deals: 2 },
      { tier: 'B', type: 'call', perDeal: 1, deals: 1 },
      { tier: 'B', type: 'meeting', perDeal: 1, deals: 1 },
    ]);
    expect(
      j.sources.filter((s) => s.tier === 'A').map((s) => [s.source, s.deals, s.share]),
    ).toEqual([
      ['Inbound', 1, 0.5],
      ['Referral', 1, 0.5],
    ]);
    expect(j.cycle).toEqual([
      { tier: 'A', wonDeals: 1, p25: 40, medianDays: 40, p75: 40 },
      { tier: 'B', wonDeals: 1, p25: 29, medianDays: 29, p75: 29 },
    ]);
    expect(j.expansion).toEqual([]);
    expect(j.missing).toEqual([
      'no invoices or subscriptions: first-year expansion and time to first value unknown',
    ]);
  });
});
