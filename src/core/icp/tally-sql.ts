import { TIERS } from './record-score.js';
import type { UnseenConditions } from './normalise-sql.js';

/**
 * A scoring run's summary (rows per tier, disqualified, near misses, and per attribute the
 * rows missing it, in its "other" bin or outside its training range) counted while the rows
 * are written, not by a second pass over them: each row passes a few small integers, its
 * tally codes, to a scalar function that counts them (the pipeline registers it, see
 * pipeline/score/score-tally.ts). Rows sharing their codes are counted together, so what
 * crosses into JavaScript is one integer per code and row, and a handful of distinct keys.
 *
 * Code 0: bit 0 disqualified, bits 1-3 the tier's index in `TIERS`, bit 4 near miss. Code k
 * (k >= 1): three bits per attribute for `TALLY_ATTRIBUTES_PER_CODE` attributes in scorecard
 * order from attribute (k - 1) * 10: missing, other category, out of range.
 */
export const TALLY_ATTRIBUTES_PER_CODE = 10;

/** The flags of one attribute in a tally code, at bit 3 * (its place in the code) + flag. */
export const TALLY_FLAGS = ['missing', 'other', 'outOfRange'] as const;

/**
 * The tally codes of a row as SQL INTEGER expressions, from its tier, near miss and
 * disqualified outputs, whether each attribute is missing, and the unseen conditions.
 */
export function tallyCodesSql(row: {
  readonly tier: string;
  readonly nearMiss: string;
  readonly disqualified: string;
  readonly missing: readonly string[];
  readonly unseen: readonly UnseenConditions[];
}): string[] {
  const bit = (condition: string | null, value: number) =>
    condition === null ? [] : [`CASE WHEN ${condition} THEN ${value} ELSE 0 END`];
  const tier = `CASE (${row.tier}) ${TIERS.map((t, i) => `WHEN '${t}' THEN ${2 * i}`).join(' ')} END`;
  const codes = [[...bit(row.disqualified, 1), tier, ...bit(row.nearMiss, 16)]];
  row.missing.forEach((missing, i) => {
    const at = i % TALLY_ATTRIBUTES_PER_CODE;
    if (at === 0) codes.push([]);
    const u = row.unseen[i]!;
    codes[codes.length - 1]!.push(
      ...bit(missing, 2 ** (3 * at)),
      ...bit(u.other, 2 ** (3 * at + 1)),
      ...bit(u.outOfRange, 2 ** (3 * at + 2)),
    );
  });
  return codes.map((parts) => `CAST(${parts.length > 0 ? parts.join(' + ') : '0'} AS INTEGER)`);
}
