import { quoteLiteral } from '../sql/quote.js';
import type { UnseenConditions } from './normalise-sql.js';
import { TIERS } from './tiers.js';

/**
 * The batch summary's counts taken in the scoring pass itself (DuckDB only). A CSV COPY
 * returns no aggregate (`RETURN_STATS` is Parquet's, and gives min, max and NULL counts), and a
 * JavaScript function called from the COPY hung the process on SIGTERM (DuckDB's workers wait
 * in it for Node's main thread). So each count is a temporary SEQUENCE: a row that counts calls
 * `nextval` on it inside DuckDB, and the sequence's last value is the count when the COPY ends.
 * The calls sit in a CASE around `icp_disqualified` that always gives its value, so the output
 * is unchanged; `nextval` is volatile, so DuckDB neither folds it away nor repeats it.
 */

/** The names of the temporary sequences, each `TALLY_PREFIX` + a count's key. */
export const TALLY_PREFIX = '__icp_tally_';

/**
 * The keys of the counts, as the summary reads them: `t<k>` rows per tier (in `TIERS` order;
 * their sum is the rows), `dq` disqualified, `nm` near misses, `m<i>` rows missing scorecard
 * attribute i, `o<i>` in its "other" bin, `r<i>` outside its training range (the last two where
 * `unseen` has a condition).
 */
export function tallyKeys(attributes: number, unseen: readonly UnseenConditions[]): string[] {
  return [
    ...TIERS.map((_, k) => `t${k}`),
    'dq',
    'nm',
    ...Array.from({ length: attributes }, (_, i) => `m${i}`),
    ...unseen.flatMap((u, i) => [
      ...(u.other === null ? [] : [`o${i}`]),
      ...(u.outOfRange === null ? [] : [`r${i}`]),
    ]),
  ];
}

/** The SQL of what one row counts: which flags hold, in SQL over the row's last stage. */
export interface TallyRow {
  readonly tier: string;
  readonly disqualified: string;
  readonly nearMiss: string;
  /** Per scorecard attribute: the row has no value for it. */
  readonly missing: readonly string[];
  readonly unseen: readonly UnseenConditions[];
}

/**
 * `value` (a BOOLEAN, never NULL) with the row counted on the way: each count whose condition
 * holds takes one `nextval` (always at least 1, so the sum is never negative and the CASE always
 * gives `value`).
 */
export function tallySql(row: TallyRow, value: string): string {
  const next = (key: string) => `nextval(${quoteLiteral(TALLY_PREFIX + key)})`;
  const when = (condition: string, key: string) =>
    `CASE WHEN ${condition} THEN ${next(key)} ELSE 0 END`;
  const terms = [
    `CASE ${row.tier} ${TIERS.map((t, k) => `WHEN ${quoteLiteral(t)} THEN ${next(`t${k}`)}`).join(' ')} ELSE 0 END`,
    when(row.disqualified, 'dq'),
    when(row.nearMiss, 'nm'),
    ...row.missing.map((m, i) => when(m, `m${i}`)),
    ...row.unseen.flatMap((u, i) => [
      ...(u.other === null ? [] : [when(u.other, `o${i}`)]),
      ...(u.outOfRange === null ? [] : [when(u.outOfRange, `r${i}`)]),
    ]),
  ];
  return `CASE WHEN (${terms.join(' + ')}) >= 0 THEN ${value} END`;
}
