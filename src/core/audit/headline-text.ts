import { percent } from '../format/percent.js';
/**
 * The audit's headline sentences besides the cost of poor fit, worded once for the audit text,
 * the report and the dashboard, so "n/a" reads the same everywhere.
 */

/** Bookings and open pipeline outside tiers A-B; null parts were not recorded. */
export interface LeakageFigures {
  readonly bookings12m: number | null;
  readonly bookingsShare: number | null;
  readonly openPipeline: number | null;
  readonly pipelineShare: number | null;
}

/** Closed deals worked outside tiers A-B. */
export interface EffortFigures {
  readonly dealsWorked: number;
  readonly share: number;
  readonly lost: number;
  readonly medianCycleDays: number | null;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/**
 * "ICP leakage, outside tiers A-B: 4,349,600 USD of bookings ... (19%); ..." with "n/a (none
 * recorded)" for what the data do not hold, or one n/a when they hold neither.
 *
 * @example leakageSentence({ bookings12m: null, bookingsShare: null, openPipeline: null, pipelineShare: null }, 'USD')
 */
export function leakageSentence(l: LeakageFigures, currency: string): string {
  if (l.bookings12m === null && l.openPipeline === null)
    return 'ICP leakage: n/a (no bookings and no open pipeline recorded).';
  const part = (amount: number | null, share: number | null, what: string) =>
    amount === null || share === null
      ? `${what}: n/a (none recorded)`
      : `${n(amount)} ${currency} of ${what} (${percent(share)})`;
  return `ICP leakage, outside tiers A-B: ${part(l.bookings12m, l.bookingsShare, 'bookings in the last 12 months')}; ${part(l.openPipeline, l.pipelineShare, 'open pipeline')}.`;
}

/** "Sales effort outside the ICP: 4,688 closed deals worked in tiers C-D (71% of all), ..." */
export function effortSentence(e: EffortFigures): string {
  return `Sales effort outside the ICP: ${n(e.dealsWorked)} closed deals worked outside tiers A-B (${percent(e.share)} of all), ${n(e.lost)} of them lost${e.medianCycleDays === null ? '' : `; median cycle ${n(e.medianCycleDays)} days`}.`;
}
