import type { AttributeSource } from '../../core/icp/attribute-map.js';
import type { UnseenConditions } from '../../core/icp/compile-sql.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { sizeMarket } from '../../core/icp/market-size.js';
import { TIERS, type Tier } from '../../core/icp/record-score.js';
import { num, type Row } from '../../data/db/database.js';
import type { ScoreFileResult } from './score-file.js';

/** The result from the counts of the scoring pass (keys of `tallyKeys`, and `n` the rows). */
export function summary(
  icp: IcpDefinition,
  counts: Row,
  unseen: readonly UnseenConditions[],
  r: {
    out: string;
    minCoverage: number;
    sources: readonly AttributeSource[];
    replacedColumns: readonly string[];
  },
): Omit<ScoreFileResult, 'warnings'> {
  const attributes = icp.scorecard!.attributes;
  const tiers = Object.fromEntries(TIERS.map((t, i) => [t, num(counts[`t${i}`])])) as Record<
    Tier,
    number
  >;
  const absent = r.sources.filter((x) => x.how === 'absent');
  return {
    rows: num(counts.n),
    out: r.out,
    tiers,
    disqualified: num(counts.dq),
    nearMiss: num(counts.nm),
    minCoverage: r.minCoverage,
    attributes: r.sources,
    absentWeight: absent.reduce((w, x) => w + x.weight, 0),
    replacedColumns: r.replacedColumns,
    market: sizeMarket(icp, tiers),
    missing: Object.fromEntries(attributes.map((a, i) => [a.name, num(counts[`m${i}`])])),
    absentColumns: absent.map((x) => x.attribute),
    otherCategory: Object.fromEntries(
      unseen.flatMap((u, i) =>
        u.other === null ? [] : [[u.attribute, num(counts[`o${i}`])] as const],
      ),
    ),
    outOfRange: Object.fromEntries(
      attributes.flatMap((a, i) =>
        a.kind !== 'numeric'
          ? []
          : [[a.name, unseen[i]!.outOfRange === null ? null : num(counts[`r${i}`])] as const],
      ),
    ),
  };
}
