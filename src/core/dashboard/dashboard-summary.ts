import type { TierRow } from '../audit/audit-rows.js';
import type { VocResult } from '../text/voc-result.js';

/**
 * What the dashboard's API sends (`/api/summary`, `/api/accounts`), as types the pipeline builds
 * and the web page imports: the page cannot import the pipeline (it runs in a browser), so the
 * shapes live here, once.
 */

/** A segment or anti-segment of the ICP and how many accounts it holds in these data. */
export interface DashboardSegment {
  /** `s0`, `s1`... for icp.segments; `a0`... for icp.anti_segments. */
  readonly id: string;
  readonly kind: 'segment' | 'anti-segment';
  readonly label: string;
  /** Rate of the target in the segment and its lift, as discovery measured them. */
  readonly rate: number;
  readonly lift: number;
  /** Accounts in these data whose attributes meet every condition. */
  readonly accounts: number;
}

/** A column of the accounts table as the dashboard shows it. */
export interface AccountColumn {
  /** The column's name in the table and in each row object. */
  readonly key: string;
  readonly label: string;
  readonly kind: 'text' | 'number' | 'boolean';
  /** money: amounts in the config's currency. */
  readonly unit?: 'money';
  /** A scorecard attribute rather than a measured outcome. */
  readonly attribute?: true;
}

/** What the dashboard shows besides the accounts themselves: small, sent as JSON. */
export interface DashboardSummary {
  readonly name: string | null;
  readonly currency: string;
  readonly asOf: string;
  readonly accounts: number;
  readonly tierSource: { readonly method: string; readonly note: string };
  readonly tiers: readonly TierRow[];
  readonly segments: readonly DashboardSegment[];
  readonly columns: readonly AccountColumn[];
  /** The voice of the customer (docs/voc.md); a theme's id filters the accounts like a segment. */
  readonly voc: VocResult | null;
}

/** A cell of the accounts table as the page receives it. */
export type AccountCell = string | number | boolean | null;

/** One page of accounts; `Cell` is what a row's values can be (the pipeline's reads are wider). */
export interface AccountPage<Cell = AccountCell> {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}
