import { quoteText } from '../sql/quote.js';
import type { ExplainSql } from './explain-sql.js';
import { REASONS_EACH_WAY, type ScorePlan, scoringUnits } from './score-plan.js';

/**
 * DuckDB's reasons as two bit sets per row, for ICPs with at most 62 reason bins on each
 * side: bit k of `__icp_rf` is set when the row's bin in some unit is the k-th strongest
 * reason for (rank k), bit k of `__icp_ra` when it is the k-th strongest against (rank
 * `ranked.length - 1 - k`). Ranks are unique and a row has one bin per unit, so each set is a
 * sum of one constant per unit, and the strongest reason is the lowest bit: the picks are
 * integer arithmetic (lowest set bit, then clear it), with no list built, sorted or filtered
 * per row (that took about a third of the scoring pass on 1,000,000 rows). Larger ICPs keep
 * the sorted list of `reasonRanksSql`.
 */
export const REASON_BIT_COLUMNS = ['__icp_rf', '__icp_ra'] as const;

/** Bits in a signed 64-bit integer that `lowestBit` reads safely (the sign bit left out). */
const MAX_BITS = 62;

/** Whether the plan's reasons fit the bit sets (else the sorted list is used). */
export function fitsReasonBits(plan: ScorePlan): boolean {
  return plan.forCount <= MAX_BITS && plan.ranked.length - plan.forCount <= MAX_BITS;
}

/** The bit of a rank: its position in the set of its side (strongest first). */
function bitOf(plan: ScorePlan, rank: number): { side: 0 | 1; bit: number } {
  return rank < plan.forCount
    ? { side: 0, bit: rank }
    : { side: 1, bit: plan.ranked.length - 1 - rank };
}

/** Stage 3's two bit-set columns (see `REASON_BIT_COLUMNS`). */
export function reasonBitColumns(e: ExplainSql): string[] {
  const units = scoringUnits(e.plan);
  return REASON_BIT_COLUMNS.map((alias, side) => {
    const terms = units.flatMap((unit, i) => {
      const whens = unit.bins.flatMap((b, j) => {
        if (b.rank === null) return [];
        const at = bitOf(e.plan, b.rank);
        return at.side === side ? [`WHEN ${j} THEN ${2n ** BigInt(at.bit)}`] : [];
      });
      return whens.length === 0
        ? []
        : [`CASE ${e.bin(i)} ${whens.join(' ')} ELSE CAST(0 AS BIGINT) END`];
    });
    return `${terms.length === 0 ? 'CAST(0 AS BIGINT)' : terms.join(' + ')} AS ${alias}`;
  });
}

/** The index of the lowest set bit of `x` (x > 0): the bits below it and it, counted, less one. */
const lowestBit = (x: string) => `(bit_count(xor(${x}, ${x} - 1)) - 1)`;

/** `x` with its lowest set bit cleared. */
const dropLowest = (x: string) => `(${x} & (${x} - 1))`;

/**
 * The top reasons for, then against, as one "; "-separated text ('' when none), from the bit
 * sets read through `ref`: the same text as `reasonsListSql`.
 */
export function reasonBitsText(plan: ScorePlan, ref: (column: string) => string): string {
  const picks = reasonBitsPicks(plan, ref);
  return picks.length === 0 ? "''" : `concat_ws('; ', ${picks.join(', ')})`;
}

/**
 * `reasonBitsText`'s parts: each pick's text, NULL where the row has no such reason (for
 * `icp_reasons` to join with the text before them in one concat_ws).
 */
export function reasonBitsPicks(plan: ScorePlan, ref: (column: string) => string): string[] {
  return REASON_BIT_COLUMNS.flatMap((column, side) => {
    const texts =
      side === 0 ? plan.ranked.slice(0, plan.forCount) : plan.ranked.slice(plan.forCount).reverse();
    if (texts.length === 0) return [];
    const list = `[${texts.map((t) => quoteText(t)).join(', ')}]`;
    const out: string[] = [];
    let set = ref(column);
    for (let k = 0; k < REASONS_EACH_WAY; k++) {
      out.push(`CASE WHEN ${set} <> 0 THEN ${list}[${lowestBit(set)} + 1] END`);
      set = dropLowest(set);
    }
    return out;
  });
}
