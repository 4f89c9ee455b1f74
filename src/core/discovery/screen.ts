import { type ColumnCounts, numericCounts, textCounts } from '../binning/column-counts.js';
import type { DiscoveryColumns } from './run-discovery.js';
import { percent } from '../format/percent.js';

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
      detail: `filled in ${percent(c.filled / Math.max(c.rows, 1), 1)} of rows`,
    };
  }
  if (c.distinct <= 1 || c.topShare > 0.98) {
    return {
      usable: false,
      reason: 'constant',
      detail: `one value in ${percent(c.topShare, 1)} of filled rows`,
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

/** A candidate column's distinct values and their rows, in one pass over its rows. */
export function countColumn(
  input: DiscoveryColumns,
  name: string,
  kind: 'numeric' | 'categorical',
): ColumnCounts {
  return kind === 'numeric'
    ? { kind, counted: numericCounts(input.numbers[name] ?? new Float64Array(0)) }
    : { kind, counted: textCounts(input.texts[name] ?? []) };
}

/** The counts screening looks at: filled rows, distinct values, the most frequent one's share. */
export function summariseColumn(
  input: DiscoveryColumns,
  name: string,
  kind: 'numeric' | 'categorical',
  rows: number,
): ColumnSummary {
  return summariseCounts(name, countColumn(input, name, kind), rows);
}

/**
 * `summariseColumn` from the column's distinct values: a text value counts once trimmed and
 * lower-cased, blanks not filled.
 */
export function summariseCounts(name: string, column: ColumnCounts, rows: number): ColumnSummary {
  let counts: Iterable<number> = [];
  if (column.kind === 'numeric') counts = column.counted.counts;
  else {
    const byKey = new Map<string, number>();
    column.counted.values.forEach((v, j) => {
      const k = v.trim().toLowerCase();
      if (k === '') return;
      byKey.set(k, (byKey.get(k) ?? 0) + (column.counted.counts[j] as number));
    });
    counts = byKey.values();
  }
  let filled = 0;
  let top = 0;
  let distinct = 0;
  for (const c of counts) {
    filled += c;
    top = Math.max(top, c);
    distinct++;
  }
  return {
    name,
    kind: column.kind,
    rows,
    filled,
    distinct,
    topShare: filled > 0 ? top / filled : 1,
  };
}
