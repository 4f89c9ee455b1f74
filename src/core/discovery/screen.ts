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

/** The counts screening looks at: filled rows, distinct values, the most frequent one's share. */
export function summariseColumn(
  input: DiscoveryColumns,
  name: string,
  kind: 'numeric' | 'categorical',
  rows: number,
): ColumnSummary {
  const counts = new Map<string | number, number>();
  let filled = 0;
  if (kind === 'numeric') {
    for (const v of input.numbers[name] ?? []) {
      if (Number.isNaN(v)) continue;
      filled++;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  } else {
    for (const v of input.texts[name] ?? []) {
      if (v === null || v.trim() === '') continue;
      filled++;
      const k = v.trim().toLowerCase();
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  let top = 0;
  for (const c of counts.values()) top = Math.max(top, c);
  return {
    name,
    kind,
    rows,
    filled,
    distinct: counts.size,
    topShare: filled > 0 ? top / filled : 1,
  };
}
