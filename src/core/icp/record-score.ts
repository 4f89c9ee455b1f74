import type { Tier } from './tiers.js';

export { TIERS, type Tier } from './tiers.js';

/** One attribute's part in a score. */
export interface Reason {
  readonly attribute: string;
  /** The value as given ('' when missing). */
  readonly value: string;
  readonly bin: string;
  readonly points: number;
  /** points minus the attribute's average points over the training rows. */
  readonly versusAverage: number;
  /** "Industry = Fintech: +11.2 points vs average (ideal customers 2.3x as common as overall)". */
  readonly text: string;
}

/** A value that was given but could not be read, so its attribute was scored as missing. */
export interface ValueWarning {
  /** The record's field the value came from. */
  readonly field: string;
  readonly attribute: string;
  readonly value: string | number | boolean;
  /** Why, and what was done: '"12O0" is not a number, so Employees was scored as missing'. */
  readonly message: string;
}

export interface RecordScore {
  /** Rounded to one decimal, as shown; the tier is decided on this value. */
  readonly score: number;
  /** Rounded to four decimals. */
  readonly probability: number;
  readonly tier: Tier;
  /** Share of the scorecard's weight observed in this record, rounded to four decimals. */
  readonly coverage: number;
  /** Every attribute's part, in scorecard order, then each interaction's (value "match" or "no match"). */
  readonly reasons: readonly Reason[];
  /** The (at most three) reasons furthest above average, strongest first. */
  readonly topPositive: readonly Reason[];
  /** The (at most three) reasons furthest below average, strongest first. */
  readonly topNegative: readonly Reason[];
  /**
   * The record's explanation, identical to the `icp_reasons` column of the batch and SQL
   * paths: why the tier is unknown if it is, then the top reasons for and against.
   */
  readonly reasonText: string;
  /** Why the tier is "unknown"; undefined otherwise. */
  readonly unknownReason: string | undefined;
  readonly disqualified: boolean;
  /** The hard rules that sent the record to tier D, in words. */
  readonly rulesHit: readonly string[];
  readonly nearMiss: string | undefined;
  /** Scorecard attributes the record has no value for. */
  readonly missing: readonly string[];
  /** Values given but unreadable (scored as missing). */
  readonly warnings: readonly ValueWarning[];
}
