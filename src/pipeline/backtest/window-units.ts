import type { IcpConfig } from '../../core/config/schema.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { readColumns } from '../../data/db/read-columns.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { type AnalysisTables, prepareAnalysis } from '../analysis/prepare-analysis.js';

/** The units a window scores: their outcomes, and their attributes as records to score. */
export type WindowUnits =
  | { readonly kind: 'counted'; readonly units: number; readonly positives: number }
  | {
      readonly kind: 'read';
      readonly y: Uint8Array;
      /** Over deals, each deal's account: the tiers' intervals count accounts, not deals. */
      readonly accounts: readonly (string | null)[] | null;
      readonly records: readonly Record<string, unknown>[];
    };

/**
 * Reads the units that arrived in the window (accounts created, or deals opened then, for the
 * won target) with their outcome as of the data's end, on the whole dataset. An ICP without a
 * scorecard only needs them counted; otherwise each comes with the scorecard's attributes.
 */
export async function readWindowUnits(
  dataset: Dataset,
  config: IcpConfig,
  icp: IcpDefinition,
  w: { asOf: string; until: string },
  unit: 'account' | 'deal',
): Promise<WindowUnits> {
  // One analysis per window on the whole dataset: dropped once read, so windows do not pile up.
  const analysis = await prepareAnalysis(dataset, config);
  try {
    return await unitsOf(dataset, analysis.tables, icp, w, unit);
  } finally {
    await analysis.drop();
  }
}

async function unitsOf(
  dataset: Dataset,
  tables: AnalysisTables,
  icp: IcpDefinition,
  w: { asOf: string; until: string },
  unit: 'account' | 'deal',
): Promise<WindowUnits> {
  const range = (c: string) =>
    `${c} >= DATE ${quoteLiteral(w.asOf)} AND ${c} <= DATE ${quoteLiteral(w.until)}`;
  const units =
    unit === 'deal'
      ? `SELECT d.account_id, (d.stage = 'won')::INT AS y FROM deals d JOIN accounts a USING (account_id)
         WHERE d.stage IN ('won', 'lost') AND ${range('d.created_at')}`
      : `SELECT t.account_id, t.positive::INT AS y FROM ${tables.target} t JOIN accounts a USING (account_id)
         WHERE t.eligible AND ${range('a.created_at')}`;
  if (!icp.scorecard) {
    const n = await dataset.db.one(`SELECT count(*) AS n, sum(y) AS k FROM (${units})`);
    return { kind: 'counted', units: Number(n?.n ?? 0), positives: Number(n?.k ?? 0) };
  }
  const attrs = icp.scorecard.attributes;
  const spec: Record<string, 'number' | 'text'> = { _y: 'number', _account: 'text' };
  for (const a of attrs) spec[a.name] = a.kind === 'numeric' ? 'number' : 'text';
  const data = await readColumns(
    dataset.db,
    `SELECT u.y AS _y, u.account_id AS _account, x.* FROM (${units}) u JOIN ${tables.attributes} x USING (account_id) ORDER BY u.account_id, u.y`,
    spec,
  );
  const accounts = unit === 'deal' ? (data.texts._account ?? []) : null;
  const y = Uint8Array.from(data.numbers._y ?? [], (v) => (v === 1 ? 1 : 0));
  const records = Array.from(y, (_, i) => {
    const record: Record<string, unknown> = {};
    for (const a of attrs) {
      const v = a.kind === 'numeric' ? data.numbers[a.name]?.[i] : data.texts[a.name]?.[i];
      record[a.name] = typeof v === 'number' && Number.isNaN(v) ? null : v;
    }
    return record;
  });
  return { kind: 'read', y, accounts, records };
}
