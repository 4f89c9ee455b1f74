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
