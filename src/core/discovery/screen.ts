/** Why a column is not a candidate attribute, or that it is one. */
export type Screening =
  | { usable: true }
  | { usable: false; reason: 'identifier' | 'constant' | 'sparse' | 'date'; detail: string };

export interface ColumnSummary {
  readonly name: string;
  readonly kind: 'numeric' | 'categorical';
  readonly rows: number;
  readonly filled: number;
  readonly distinct: number;
  /** Share of filled rows holding the most frequent value. */
  readonly topShare: number;
}

/**
 * Decides whether a column can describe customers: identifiers (almost every value distinct),
 * near-constant columns and nearly empty ones are left out, each with the reason said.
 */
export function screenColumn(c: ColumnSummary): Screening {
  if (c.filled < Math.max(1, 0.05 * c.rows)) {
    return {
      usable: false,
      reason: 'sparse',
      detail: `filled in ${pct(c.filled / Math.max(c.rows, 1))} of rows`,
    };
  }
  if (c.distinct <= 1 || c.topShare > 0.98) {
    return {
      usable: false,
      reason: 'constant',
      detail: `one value in ${pct(c.topShare)} of filled rows`,
    };
  }
  if (c.kind === 'categorical' && c.distinct > 50 && c.distinct > 0.5 * c.filled) {
    return {
      usable: false,
      reason: 'identifier',
      detail: `${c.distinct.toLocaleString('en-US')} distinct values in ${c.filled.toLocaleString('en-US')} rows`,
    };
  }
  if (c.kind === 'numeric' && /(^|_|\s)id$/i.test(c.name) && c.distinct > 0.9 * c.filled) {
    return { usable: false, reason: 'identifier', detail: 'an id: every value distinct' };
  }
  return { usable: true };
}

/** Names of columns typically filled only once the outcome is known. */
const OUTCOME_NAME =
  /churn|cancel|clos(e|ed|ing)|won|lost|outcome|status|renew|refund|exit|acquired/i;

/**
 * Suspected leakage: a column that separates the target almost perfectly (its bins alone rank
 * rows with an AUC of 0.95 or more), or one named like an outcome that separates it strongly.
 * Such a column says what happened, not who the customer is. A bin that is never positive is
 * not enough: small companies may simply never be among the most valuable.
 */
export function leakageSuspicion(
  name: string,
  iv: number,
  bins: readonly { count: number; positives: number }[],
): string | undefined {
  const separation = binAuc(bins);
  if (separation >= 0.95)
    return `its values alone rank the target with an AUC of ${separation.toFixed(3)}`;
  if (OUTCOME_NAME.test(name) && iv > 0.3)
    return `named like an outcome and information value ${iv.toFixed(2)}: probably filled after the fact`;
  return undefined;
}

/** AUC of ranking rows by their bin's positive rate (ties within a bin count half). */
export function binAuc(bins: readonly { count: number; positives: number }[]): number {
  const sorted = [...bins]
    .filter((b) => b.count > 0)
    .sort((a, b) => a.positives / a.count - b.positives / b.count);
  let pos = 0;
  let neg = 0;
  for (const b of sorted) {
    pos += b.positives;
    neg += b.count - b.positives;
  }
  if (pos === 0 || neg === 0) return 0.5;
  let negBelow = 0;
  let wins = 0;
  for (const b of sorted) {
    const bn = b.count - b.positives;
    wins += b.positives * (negBelow + bn / 2);
    negBelow += bn;
  }
  return wins / (pos * neg);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
