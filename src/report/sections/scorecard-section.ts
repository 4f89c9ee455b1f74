import type { Condition, IcpDefinition } from '../../core/icp/definition.js';
import { verdictReason } from '../../core/icp/verdict-reason.js';
import { liftChartSpec } from '../charts/lift-chart.js';
import { liftAttributes } from './glance-section.js';
import { renderChart } from '../charts/render-chart.js';
import { empty, esc, figure, int, pct, section } from '../html.js';

/** A hard rule's condition in words. */
function conditionText(c: Condition): string {
  switch (c.op) {
    case 'in':
    case 'not_in':
      return `${c.attribute} ${c.op === 'in' ? 'is one of' : 'is none of'} ${c.values.join(', ')}`;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `${c.attribute} ${c.op} ${c.value}`;
    case 'between':
      return `${c.attribute} between ${c.min} and ${c.max}`;
    case 'range':
      return `${c.attribute} in [${c.min ?? '-∞'}, ${c.max ?? '∞'})`;
    case 'missing':
    case 'present':
      return `${c.attribute} is ${c.op}`;
  }
}

/** Scorecard attributes whose own false-discovery test failed (q above 5%), with their q-value. */
function weakEvidence(icp: IcpDefinition): Map<string, number> {
  const inCard = new Set(icp.scorecard?.attributes.map((a) => a.name));
  return new Map(
    icp.evidence
      .filter((e) => inCard.has(e.attribute) && e.q_value > 0.05)
      .map((e) => [e.attribute, e.q_value]),
  );
}

/** The scorecard as a table: attribute, bin, points; then the tier thresholds and hard rules. */
export function scorecardSection(icp: IcpDefinition): string {
  if (!icp.scorecard) {
    return section('scorecard', 'Scorecard', empty(`No scorecard: ${verdictReason(icp.verdict)}.`));
  }
  const weak = weakEvidence(icp);
  const rows = icp.scorecard.attributes.flatMap((a) =>
    a.bins.map(
      (b, i) =>
        `<tr${i === 0 ? ' class="group-start"' : ''}>${
          i === 0
            ? `<th scope="rowgroup" rowspan="${a.bins.length}">${esc(a.name)}${weak.has(a.name) ? `<br><small>weak evidence, q ${(weak.get(a.name) as number).toFixed(2)}</small>` : ''}</th>`
            : ''
        }<td>${esc(b.bin.label)}</td><td class="num">${b.points.toFixed(1)}</td><td class="num">${int(b.count)}</td><td class="num">${b.count > 0 ? pct(b.positives / b.count) : '–'}</td></tr>`,
    ),
  );
  const t = icp.tiers;
  const thresholds = t
    ? `<p>A score is the sum of the points of the bins an account falls in (0 to 100). Tier A from ${t.A.toFixed(1)} points, B from ${t.B.toFixed(1)}, C from ${t.C.toFixed(1)}, D below.</p>`
    : '';
  // A reader compares Points with Qualify row by row; the fit is joint, so say why they can differ.
  const joint = `<p>Points are fitted together: a bin's points are what it adds once the other attributes are counted, so they need not follow its own qualify rate (an attribute that travels with a stronger one gets less). A missing value is pulled towards the attribute's average unless the data show that its absence matters.${
    weak.size > 0
      ? ' Attributes marked weak evidence do not pass the false discovery rate (5%) on their own: they are in the scorecard because, taken together, they lowered the held-out deviance of the cross-validation. Some of their points may be noise; read them with care.'
      : ''
  }</p>`;
  const rules =
    icp.rules.length > 0
      ? `<p>Hard rules (a match sends the account to tier D):</p><ul>${icp.rules
          .map(
            (r) =>
              `<li>${r.kind === 'disqualify' ? 'disqualify when' : 'must have'} ${esc(conditionText(r.when))}${r.note ? `: ${esc(r.note)}` : ''}</li>`,
          )
          .join('')}</ul>`
      : '<p>No hard rules.</p>';
  return section(
    'scorecard',
    'Scorecard',
    `${thresholds}
${joint}
<div class="table-wrap"><table class="scorecard"><thead><tr><th scope="col">Attribute</th><th scope="col">Bin</th><th scope="col" class="num">Points</th><th scope="col" class="num">Accounts</th><th scope="col" class="num">Qualify</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
${rules}`,
  );
}

/**
 * One lift chart per attribute the scorecard uses; when none is selected, the strongest six by
 * information value, so a flat result is visible rather than blank.
 */
export async function liftSection(icp: IcpDefinition, skip = 0): Promise<string> {
  if (icp.evidence.length === 0) {
    return section(
      'lift',
      'Lift by attribute',
      empty('No attribute could be measured against the target.'),
    );
  }
  const all = liftAttributes(icp);
  const shown = all.slice(skip);
  const selected = icp.evidence.some((e) => e.selected);
  const above =
    skip > 0
      ? ` The first ${skip === 1 ? '' : `${skip} `}(${all
          .slice(0, skip)
          .map((e) => e.attribute)
          .join(', ')}) ${skip === 1 ? 'is' : 'are'} at a glance above.`
      : '';
  const intro = selected
    ? `<p>Each bar is a bin of an attribute: how much more (or less) often accounts in it qualify than accounts overall. The black line is the 95% interval; the dashed line is the overall rate (${pct(icp.target.base_rate)}). Attributes the scorecard uses, strongest first.${esc(above)}</p>`
    : `<p>No attribute separates the target beyond chance, so none was selected. The six with the most information are shown so you can see that their intervals straddle the overall rate (${pct(icp.target.base_rate)}, the dashed line).${esc(above)}</p>`;
  const charts: string[] = [];
  for (const [i, e] of shown.entries()) {
    const key = `lift-${i + 1 + skip}`;
    const label = `Lift by ${e.attribute}, with 95% intervals`;
    const svg = await renderChart(
      key,
      label,
      liftChartSpec(e, icp.target.base_rate, icp.target.kind),
    );
    charts.push(
      figure(
        `chart-${key}`,
        svg,
        `${e.attribute}: information value ${e.information_value.toFixed(2)}, q-value ${e.q_value < 0.001 ? '< 0.001' : e.q_value.toFixed(3)}.`,
      ),
    );
  }
  return section(
    'lift',
    'Lift by attribute',
    `${intro}\n${charts.length > 0 ? `<div class="grid">\n${charts.join('\n')}\n</div>` : ''}`,
  );
}
