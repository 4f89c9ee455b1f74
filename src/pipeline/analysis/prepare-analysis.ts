import type { TargetConfig, ValueConfig } from '../../core/config/schema.js';
import type { StageHook } from '../../core/discovery/run-discovery.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import { type CustomerValueResult, computeCustomerValue } from '../value/customer-value.js';
import { computeTarget, type TargetResult } from '../value/target.js';
import { type PreparedAttributes, prepareAttributes } from './prepare-attributes.js';
import type { TableRef } from './table-ref.js';

/** The tables of one analysis, made for it alone: nothing else writes them. */
export interface AnalysisTables {
  /** One row per account with every value metric (`computeCustomerValue`). */
  readonly value: TableRef;
  /** account_id, eligible, positive (`computeTarget`). */
  readonly target: TableRef;
  /** account_id and every attribute column (`prepareAttributes`). */
  readonly attributes: TableRef;
}

/** A dataset prepared for one analysis: its tables, and what was learnt making them. */
export interface PreparedAnalysis {
  readonly tables: AnalysisTables;
  readonly value: CustomerValueResult;
  readonly target: TargetResult;
  readonly attributes: PreparedAttributes;
  /**
   * Drops the three tables, for a caller that prepares one analysis after another on the whole
   * dataset (the backtest's windows) and has read what it needed.
   */
  drop(): Promise<void>;
}

/**
 * Prepares the dataset for one analysis: customer value with `settings.value`, the target with
 * `settings.target`, and the attributes, each in a table of its own that no other call reads or
 * replaces, so two analyses with different settings (the ICP's own and the config's) live side
 * by side. Extra dates become ages at the config's as-of date (else the data's latest date); with
 * `agesAtValueDate`, at the as-of date of `settings.value` (discovery, which a backtest runs
 * as of each cut-off). Made while a view of the dataset is open (cut-dataset.ts), the tables
 * read that view's rows.
 */
export async function prepareAnalysis(
  dataset: Dataset,
  settings: { readonly value: ValueConfig; readonly target: TargetConfig },
  options: { readonly agesAtValueDate?: boolean; readonly onStage?: StageHook } = {},
): Promise<PreparedAnalysis> {
  const { onStage } = options;
  const value = await computeCustomerValue(dataset, settings.value);
  onStage?.('target');
  const target = await computeTarget(dataset, value, settings.target);
  onStage?.('attributes');
  const attributes = await prepareAttributes(
    dataset,
    options.agesAtValueDate ? { asOf: value.asOf } : {},
  );
  return {
    tables: { value: value.table, target: target.table, attributes: attributes.table },
    value,
    target,
    attributes,
    async drop() {
      await dataset.db.run(`DROP VIEW IF EXISTS ${attributes.table}`);
      await dataset.db.run(`DROP TABLE IF EXISTS ${target.table}`);
      await dataset.db.run(`DROP TABLE IF EXISTS ${value.table}`);
    },
  };
}
