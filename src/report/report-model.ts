import type { CostOfPoorFit } from '../core/audit/net-cost.js';
import type { IcpDefinition } from '../core/icp/definition.js';
import type { VocResult } from '../core/text/voc-result.js';
import type { TierKey } from '../core/icp/tiers.js';
import type { RateWithInterval } from '../core/stats/rate.js';
import type { BadFitCustomer, TierRow } from '../core/audit/audit-rows.js';

/**
 * Everything the HTML report shows, as plain data. The pipeline gathers it (ICP file, audit,
 * per-customer value from DuckDB, load warnings); the report layer only renders it. The audit
 * types mirror the pipeline's AuditResult field for field (the report layer may not import the
 * pipeline), so an AuditResult can be passed as is.
 */
export interface ReportModel {
  readonly icp: IcpDefinition;
  readonly audit: ReportAudit;
  /** The config's `name`, if any: used in the title. */
  readonly name: string | undefined;
  /** ISO 4217 code of the amounts (the config's currency). */
  readonly currency: string;
  /** One dot per customer, or why the value map cannot be drawn. */
  readonly valueMap: ValueMapData;
  /** The canonical tables the data hold (accounts, deals, invoices...): what can be measured. */
  readonly tables: readonly string[];
  /** Warnings found while loading the data, as sentences. */
  readonly dataWarnings: readonly string[];
  /** Gains and calibration from the cross-fitted (out-of-fold) scores, or why there are none. */
  readonly quality:
    | {
        readonly available: true;
        /** Units ranked by score, best first: share of units against share of positives found. */
        readonly gains: readonly { readonly share: number; readonly captured: number }[];
        /** Ten groups of equal size by predicted probability; empty without a calibration. */
        readonly calibration: readonly {
          readonly predicted: number;
          readonly observed: number;
          readonly lo: number;
          readonly hi: number;
          readonly n: number;
        }[];
      }
    | { readonly available: false; readonly reason: string };
  /** Quarterly backtest of discovery (the pipeline's BacktestResult), or why there is none. */
  readonly backtest:
    | {
        readonly available: true;
        readonly unit: 'account' | 'deal';
        readonly windows: readonly {
          readonly asOf: string;
          readonly until: string;
          readonly verdict: string;
          readonly units: number;
          readonly positives: number;
          readonly auc: { readonly auc: number; readonly lo: number; readonly hi: number } | null;
          readonly cvAuc: { readonly auc: number; readonly lo: number; readonly hi: number } | null;
          readonly capturedAB: number | null;
          readonly shareAB: number | null;
        }[];
      }
    | { readonly available: false; readonly reason: string };
  /** Drift over recent windows (the pipeline's DriftResult), or why there is none. */
  readonly drift:
    | ({ readonly available: true } & ReportDrift)
    | {
        readonly available: false;
        readonly reason: string;
      };
}

/** The parts of the pipeline's DriftResult the report shows. */
export interface ReportDrift {
  readonly unit: 'account' | 'deal';
  /** What each window is compared with, e.g. "before 2024-10-01 (1,234 units)". */
  readonly baseline: string;
  readonly verdict: 'stable' | 'watch' | 'refresh';
  readonly reasons: readonly string[];
  readonly action: string;
  readonly windows: readonly {
    readonly from: string;
    readonly until: string;
    readonly tierRates: Readonly<Record<TierKey, RateWithInterval | null>>;
    readonly segments: readonly {
      readonly attribute: string;
      readonly bin: string;
      readonly kind: 'emerging' | 'stopped';
      readonly before: RateWithInterval;
      readonly now: RateWithInterval;
      readonly q: number;
    }[];
  }[];
}

export type ValueMapData =
  | { readonly available: true; readonly customers: readonly CustomerPoint[] }
  | { readonly available: false; readonly reason: string };

export interface CustomerPoint {
  readonly accountId: string;
  readonly tier: TierKey;
  /** Revenue over the customer's whole history, in the report's currency. */
  readonly revenue: number;
  readonly costToServe: number;
}

export interface ReportAudit {
  readonly icp: string;
  /** The data's date; null when they hold no dated record. */
  readonly asOf: string | null;
  readonly tierSource: {
    readonly method: 'cross-fitted' | 'as-is' | 'exploratory';
    readonly note: string;
  };
  /** Whether the tiers mean anything: no leakage or cost headline is shown without it. */
  readonly profile: { readonly reliable: boolean; readonly reason: string };
  readonly tiers: readonly TierRow[];
  readonly shares: {
    readonly revenue: Readonly<Record<TierKey, number>> | null;
  };
  readonly leakage: {
    readonly bookings12m: number | null;
    readonly bookingsShare: number | null;
    readonly openPipeline: number | null;
    readonly pipelineShare: number | null;
  } | null;
  readonly badFit: {
    readonly criterion: string;
    readonly count: number;
    readonly supportCost: number;
    readonly netValue: number;
    readonly top: readonly BadFitCustomer[];
  };
  readonly costOfPoorFit: CostOfPoorFit;
  readonly effortOutside: {
    readonly dealsWorked: number;
    readonly share: number;
    readonly lost: number;
    readonly medianCycleDays: number | null;
  } | null;
  /** Implausible values worth a check, as sentences. */
  readonly warnings: readonly string[];
  readonly signals: readonly {
    readonly signal: string;
    readonly seen: boolean;
    readonly evidence: string;
  }[];
  /** The voice of the customer by tier (the pipeline's VocResult; docs/voc.md). */
  readonly voc?: VocResult;
}
