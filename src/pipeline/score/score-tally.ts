import type { IcpDefinition } from '../../core/icp/definition.js';
import { TIERS } from '../../core/icp/record-score.js';
import { TALLY_ATTRIBUTES_PER_CODE, TALLY_FLAGS } from '../../core/icp/tally-sql.js';
import { registerCodeTally } from '../../data/db/code-tally.js';
import type { Database, Row } from '../../data/db/database.js';

/** The name the scoring SQL calls the tally by (`CompileOptions.tally`). */
export const TALLY_FUNCTION = '__icp_tally';

/** The letter of each tally flag in the counts `summary` reads: m<i>, o<i>, r<i>. */
const LETTER: Record<(typeof TALLY_FLAGS)[number], string> = {
  missing: 'm',
  other: 'o',
  outOfRange: 'r',
};

/**
 * Registers the tally of core/icp/tally-sql.ts on `db` for `icp`'s scorecard. `counts()` gives
 * the totals as `summary` reads them: n, t<i> per tier, dq, nm, and per attribute m<i>, o<i>
 * and r<i>.
 */
export function registerTally(db: Database, icp: IcpDefinition): { counts: () => Row } {
  const attributes = icp.scorecard?.attributes.length ?? 0;
  const codes = 1 + Math.ceil(attributes / TALLY_ATTRIBUTES_PER_CODE);
  const tally = registerCodeTally(db, TALLY_FUNCTION, codes);
  return { counts: () => totals(tally.seen(), attributes) };
}

/** The totals of the distinct code combinations `seen`. */
function totals(seen: ReadonlyMap<string, number>, attributes: number): Row {
  const counts: Record<string, number> = { n: 0, dq: 0, nm: 0 };
  TIERS.forEach((_, i) => {
    counts[`t${i}`] = 0;
  });
  for (let i = 0; i < attributes; i++) for (const f of TALLY_FLAGS) counts[`${LETTER[f]}${i}`] = 0;
  const add = (name: string, n: number) => {
    counts[name] = (counts[name] ?? 0) + n;
  };
  for (const [key, n] of seen) {
    const [first = 0, ...rest] = key.split(',').map(Number);
    add('n', n);
    if (first & 1) add('dq', n);
    add(`t${(first >> 1) & 7}`, n);
    if (first & 16) add('nm', n);
    for (let i = 0; i < attributes; i++) {
      const code = rest[Math.floor(i / TALLY_ATTRIBUTES_PER_CODE)] ?? 0;
      const at = 3 * (i % TALLY_ATTRIBUTES_PER_CODE);
      TALLY_FLAGS.forEach((f, k) => {
        if (code & (2 ** (at + k))) add(`${LETTER[f]}${i}`, n);
      });
    }
  }
  return counts;
}
