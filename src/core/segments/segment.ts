/**
 * One condition of a segment: attribute `attribute` falls in one of its bins `from` to `to`
 * (inclusive). Categorical conditions are a single bin; numeric ones may also be an open range
 * of neighbouring bins ("Employees < 50", "Employees ≥ 200").
 */
export interface SegmentCondition {
  readonly attribute: number;
  readonly from: number;
  readonly to: number;
}

export interface Segment {
  readonly conditions: readonly SegmentCondition[];
  readonly count: number;
  readonly share: number;
  readonly positives: number;
  readonly rate: number;
  readonly interval: { lo: number; hi: number };
  readonly lift: number;
  /** Weighted relative accuracy: share x (rate - base rate); negated for direction "low". */
  readonly quality: number;
  readonly pValue: number;
  /** Benjamini-Hochberg adjusted over every candidate evaluated in the search. */
  readonly qValue: number;
  readonly significant: boolean;
}

/**
 * A sortable key of a set of conditions: zero-padded so that string order is numeric order,
 * which breaks ties between equally good segments the same way on every run.
 */
export function conditionsKey(conditions: readonly SegmentCondition[]): string {
  return conditions
    .map(
      (c) =>
        `${String(c.attribute).padStart(4, '0')}:${String(c.from).padStart(4, '0')}-${String(c.to).padStart(4, '0')}`,
    )
    .join('&');
}

/** Best quality first; equal qualities in key order, so the ranking is deterministic. */
export function byQualityThenKey(
  a: { readonly quality: number; readonly conditions: readonly SegmentCondition[] },
  b: { readonly quality: number; readonly conditions: readonly SegmentCondition[] },
): number {
  return (
    b.quality - a.quality || conditionsKey(a.conditions).localeCompare(conditionsKey(b.conditions))
  );
}
