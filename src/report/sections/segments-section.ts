import type { IcpDefinition } from '../../core/icp/definition.js';
import { empty, esc, int, pct, section, table } from '../html.js';

type Segment = IcpDefinition['segments'][number];

const interval = (s: { interval: { lo: number; hi: number } }) =>
  `${pct(s.interval.lo)}–${pct(s.interval.hi)}`;

function segmentRows(list: readonly Segment[]): string[][] {
  return list.map((s) => [
    esc(s.label),
    esc(int(s.count)),
    esc(pct(s.rate)),
    esc(interval(s)),
    esc(s.lift.toFixed(2)),
  ]);
}

/** Segments where the target concentrates, and the anti-ICP where value goes bad. */
export function segmentsSection(icp: IcpDefinition): string {
  const segments =
    icp.segments.length > 0
      ? table(
          ['Segment', 'Accounts', 'Qualify', '95% interval', 'Lift'],
          segmentRows(icp.segments),
          {
            num: [1, 2, 3, 4],
          },
        )
      : empty('Discovery found no segment whose rate differs from the overall rate beyond chance.');
  const anti =
    icp.anti_segments.length > 0
      ? table(
          ['Segment', 'Accounts', 'Go bad', '95% interval', 'Lift'],
          segmentRows(icp.anti_segments),
          {
            num: [1, 2, 3, 4],
          },
        )
      : empty(
          icp.target.kind === 'ideal'
            ? 'Discovery found no segment where value goes bad beyond chance.'
            : 'The anti-ICP needs revenue and cost to serve (the "ideal" target); this ICP targets something else, so there is none.',
        );
  return section(
    'segments',
    'Segments and the anti-ICP',
    `<h3>Where the target concentrates</h3>
${segments}
<h3>The anti-ICP: where value goes bad</h3>
${anti}`,
  );
}

/** Personas: roles, seniorities and departments in won against lost deals. */
export function personasSection(icp: IcpDefinition, tables: readonly string[]): string {
  if (icp.personas.length === 0) {
    const measurable = ['deals', 'contacts', 'deal_contacts'].every((t) => tables.includes(t));
    return section(
      'personas',
      'Personas in the buying committee',
      empty(
        measurable
          ? 'No role, seniority or department was on enough closed deals to compare.'
          : 'No contacts linked to deals (contacts and deal_contacts): personas are not measurable.',
      ),
    );
  }
  const rows = icp.personas.map((p) => [
    esc(p.dimension),
    esc(p.value),
    esc(int(p.deals)),
    esc(pct(p.win_rate)),
    esc(interval(p)),
    p.win_rate_without === null ? '<span class="na">n/a</span>' : esc(pct(p.win_rate_without)),
    esc(p.lift.toFixed(2)),
  ]);
  return section(
    'personas',
    'Personas in the buying committee',
    `<p>Win rate of closed deals with someone of this kind in the buying committee, against deals without.</p>
${table(['Dimension', 'Value', 'Deals', 'Win rate', '95% interval', 'Without', 'Lift'], rows, { num: [2, 3, 4, 5, 6] })}`,
  );
}
