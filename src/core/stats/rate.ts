import { wilsonInterval } from './wilson.js';

/**
 * A rate with its sample size and 95% interval, the one shape every result uses to show a rate
 * (audit, drift, verify, backtest, the voice of the customer, the report and the dashboard), so
 * that no rate travels without its interval. `n` counts the units the rate is over; how the
 * interval was made (Wilson over units, or over accounts as clusters) is the producer's to say.
 */
export interface RateWithInterval {
  readonly rate: number;
  readonly n: number;
  readonly lo: number;
  readonly hi: number;
}

/** A rate with its interval and the count of positives behind it: `k` of `n`. */
export interface CountedRate extends RateWithInterval {
  readonly k: number;
}

/**
 * `k` of `n` units as a rate with Wilson's 95% interval over the units; null when `n` is 0.
 *
 * @example wilsonRate(8, 10) // => { rate: 0.8, n: 10, lo: 0.4902, hi: 0.9433 } (rounded)
 */
export function wilsonRate(k: number, n: number): RateWithInterval | null {
  return n > 0 ? { rate: k / n, n, ...wilsonInterval(k, n) } : null;
}
