import type { IcpDefinition } from '../../core/icp/definition.js';
import { NARROW_SHARE } from '../../core/icp/market-size.js';
import type { ScoreFileResult } from '../../pipeline/score/score-file.js';
import type { ScoreIntoResult } from '../../pipeline/score-into/score-into.js';
import { percent } from '../../core/format/percent.js';

const n = (x: number) => x.toLocaleString('en-US');

/** The `icp score` summary in words: attributes, tiers, the market by tier, unusual values. */
export function formatScoreSummary(icp: IcpDefinition, r: ScoreFileResult): string {
  const lines = [
    `Scored ${n(r.rows)} rows against ICP ${icp.id} into ${r.out}.`,
    ...attributeLines(r),
    `Tiers: A ${n(r.tiers.A)}, B ${n(r.tiers.B)}, C ${n(r.tiers.C)}, D ${n(r.tiers.D)}, unknown ${n(r.tiers.unknown)} (under ${percent(r.minCoverage)} of the scorecard's weight known); ${n(r.disqualified)} disqualified by a hard rule; ${n(r.nearMiss)} near misses.`,
    ...marketLines(r),
  ];
  if (r.tiers.unknown > 0)
    lines.push(
      `${n(r.tiers.unknown)} rows are tier unknown: too little of the scorecard's weight is known for them (their icp_reasons say what is missing).`,
    );
  if (r.replacedColumns.length > 0)
    lines.push(
      `The file's own ${r.replacedColumns.join(', ')} ${r.replacedColumns.length === 1 ? 'was' : 'were'} left out: the new scores replace them.`,
    );
  const missing = Object.entries(r.missing).filter(
    ([a, c]) => c > 0 && !r.absentColumns.includes(a),
  );
  if (missing.length > 0)
    lines.push(`Missing values: ${missing.map(([a, c]) => `${a} ${n(c)}`).join(', ')}.`);
  const other = Object.entries(r.otherCategory).filter(([, c]) => c > 0);
  if (other.length > 0)
    lines.push(
      `Categories the ICP does not name (scored in the "other" bin): ${other.map(([a, c]) => `${a} ${n(c)}`).join(', ')}.`,
    );
  const ranges = new Map(icp.scorecard?.attributes.map((a) => [a.name, a.range]));
  const outside = Object.entries(r.outOfRange).filter(([, c]) => c !== null && c > 0);
  if (outside.length > 0)
    lines.push(
      `Numbers outside the training range (scored in the end bins): ${outside
        .map(([a, c]) => {
          const range = ranges.get(a);
          return `${a} ${n(c ?? 0)}${range ? ` (trained on ${n(range.min)} to ${n(range.max)})` : ''}`;
        })
        .join(', ')}.`,
    );
  const unknown = Object.entries(r.outOfRange)
    .filter(([a, c]) => c === null && !r.absentColumns.includes(a))
    .map(([a]) => a);
  if (unknown.length > 0)
    lines.push(
      `No training range in this ICP for: ${unknown.join(', ')} (written before ranges were kept); discover again to count numbers outside it.`,
    );
  return `${lines.join('\n')}\n`;
}

/**
 * The summary of `icp score --source`: rows and tiers written into the new table, and which
 * attributes the table has.
 */
export function formatScoreIntoSummary(
  icp: IcpDefinition,
  source: string,
  table: string,
  r: ScoreIntoResult,
): string {
  const absentWeight = r.attributes
    .filter((a) => a.how === 'absent')
    .reduce((w, a) => w + a.weight, 0);
  const lines = [
    `Scored ${n(r.rows)} rows of ${table} against ICP ${icp.id} inside ${source}, into the new table ${r.into}.`,
    ...attributeLines({ attributes: r.attributes, absentWeight }),
    `Tiers: A ${n(r.tiers.A)}, B ${n(r.tiers.B)}, C ${n(r.tiers.C)}, D ${n(r.tiers.D)}, unknown ${n(r.tiers.unknown)} (under ${percent(r.minCoverage)} of the scorecard's weight known).`,
  ];
  if (r.replacedColumns.length > 0)
    lines.push(
      `The table's own ${r.replacedColumns.join(', ')} ${r.replacedColumns.length === 1 ? 'was' : 'were'} left out of ${r.into}: the new scores replace them there.`,
    );
  return `${lines.join('\n')}\n`;
}

/** Which scorecard attributes the file has, by name or by --map, and which it lacks. */
function attributeLines(r: Pick<ScoreFileResult, 'attributes' | 'absentWeight'>): string[] {
  const found = r.attributes.filter((a) => a.how === 'found');
  const mapped = r.attributes.filter((a) => a.how === 'mapped');
  const absent = r.attributes.filter((a) => a.how === 'absent');
  const parts = [
    ...(found.length > 0 ? [`found ${found.map((a) => a.attribute).join(', ')}`] : []),
    ...(mapped.length > 0
      ? [`mapped ${mapped.map((a) => `${a.attribute} <- ${a.column}`).join(', ')}`]
      : []),
    ...(absent.length > 0
      ? [
          `absent ${absent.map((a) => a.attribute).join(', ')} (${percent(r.absentWeight)} of the scorecard's weight, scored as missing)`,
        ]
      : []),
  ];
  const lines = [`Attributes: ${parts.join('; ')}.`];
  if (absent.length > 0)
    lines.push(
      `Map absent attributes to the file's columns with --map "${absent
        .slice(0, 2)
        .map((a) => `${a.attribute}=COLUMN`)
        .join(',')}".`,
    );
  return lines;
}

/** The rows as a market: companies and potential ARR per tier, and whether A-B is too narrow. */
function marketLines(r: ScoreFileResult): string[] {
  const m = r.market;
  const money = (x: number) => `${n(x)}${m.currency ? ` ${m.currency}` : ''}`;
  const tiers = m.tiers
    .filter((t) => t.tier !== 'unknown')
    .map(
      (t) =>
        `${t.tier} ${n(t.companies)}${t.potentialArr === null ? '' : ` (potential ARR ${money(t.potentialArr)}${t.expectedArr === null ? '' : `, ${money(t.expectedArr)} at the tier's win rate`})`}`,
    );
  if (m.shareAB === null)
    return ['No row could be tiered, so the rows cannot be sized as a market against this ICP.'];
  const tiered = n(m.companies - r.tiers.unknown);
  return [
    `As a market: ${tiers.join('; ')}${m.currency === null ? ' (the ICP records no revenue per tier, so no ARR is estimated)' : "; potential ARR = companies x the tier's average ARR per customer where the ICP was discovered"}.`,
    m.narrow
      ? `Tiers A-B hold ${percent(m.shareAB, 1)} of the ${tiered} tiered companies: an ICP this narrow leaves few companies to sell to (a risk below ${percent(NARROW_SHARE)}).`
      : `Tiers A-B hold ${percent(m.shareAB, 1)} of the ${tiered} tiered companies (not too narrow: ${percent(NARROW_SHARE)} or more).`,
  ];
}
