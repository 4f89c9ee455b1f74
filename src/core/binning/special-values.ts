/**
 * Values of a numeric column that mean something other than their size, so each gets a bin of
 * its own instead of sharing a quantile bin with ordinary numbers:
 *
 * - a **spike**: one value holding at least 2% of the filled rows and at least five times as
 *   many rows as either neighbouring value (0 in "capital gain", 40 in "hours per week"); only
 *   in columns with more distinct values than fine bins, where it would otherwise be lumped in;
 * - a **far value**: beyond a gap wider than the whole range of the values on the other side of
 *   it, with at most 1% of the rows out there (the codes 96 and 98 in counts that otherwise stop
 *   at 17; -999 below ages), when it repeats (at least `minCount` rows);
 * - a **negative code**: a repeated negative integer in a column that is otherwise never
 *   negative (-1 for "never contacted").
 *
 * A far value seen fewer than `minCount` times joins its neighbouring bin, so a lone typo does
 * not get points of its own.
 *
 * `distinct` are the sorted distinct filled values, `counts` the rows of each; returns the
 * special values, sorted.
 *
 * @example findSpecialValues([0, 1, 2, 3, 98], [900, 50, 30, 10, 40], { minCount: 20, fineBins: 3 }) // => [98]
 */
export function findSpecialValues(
  distinct: readonly number[],
  counts: readonly number[],
  options: { readonly minCount: number; readonly fineBins: number },
): number[] {
  const { minCount, fineBins } = options;
  const total = counts.reduce((a, b) => a + b, 0);
  const special = new Set<number>();
  const d = distinct.length;
  if (d > fineBins) {
    for (let j = 0; j < d; j++) {
      const c = counts[j] as number;
      const neighbour = Math.max(counts[j - 1] ?? 0, counts[j + 1] ?? 0);
      if (c >= Math.max(minCount, 0.02 * total) && c >= 5 * neighbour)
        special.add(distinct[j] as number);
    }
  }
  for (const side of ['above', 'below'] as const) {
    const from = farSide(distinct, counts, total, side);
    if (from === undefined) continue;
    for (let j = 0; j < d; j++) {
      const v = distinct[j] as number;
      const beyond = side === 'above' ? v >= from : v <= from;
      if (beyond && (counts[j] as number) >= minCount) special.add(v);
    }
  }
  const nonNegative = distinct.filter((v) => v >= 0).length;
  if (nonNegative > 1) {
    let negativeRows = 0;
    for (let j = 0; j < d; j++)
      if ((distinct[j] as number) < 0) negativeRows += counts[j] as number;
    for (let j = 0; j < d; j++) {
      const v = distinct[j] as number;
      if (
        v < 0 &&
        Number.isInteger(v) &&
        (counts[j] as number) >= minCount &&
        d - nonNegative <= 2 &&
        negativeRows <= 0.5 * total
      )
        special.add(v);
    }
  }
  return [...special].sort((a, b) => a - b);
}

/**
 * The first value (scanning outwards) past a gap wider than everything on the near side, with
 * at most 1% of the rows beyond it; undefined when there is none.
 */
function farSide(
  distinct: readonly number[],
  counts: readonly number[],
  total: number,
  side: 'above' | 'below',
): number | undefined {
  const d = distinct.length;
  if (d < 3) return undefined;
  const v = side === 'above' ? distinct : [...distinct].reverse();
  const c = side === 'above' ? counts : [...counts].reverse();
  let outside = total;
  for (let j = 1; j < d; j++) {
    outside -= c[j - 1] as number;
    const near = Math.abs((v[j - 1] as number) - (v[0] as number));
    const gap = Math.abs((v[j] as number) - (v[j - 1] as number));
    if (near > 0 && gap > near && outside <= 0.01 * total) return v[j] as number;
  }
  return undefined;
}
