import { driftRows, driftSpec } from '../charts/drift-chart.js';
import { renderChart } from '../charts/render-chart.js';
import { empty, esc, figure } from '../html.js';
import type { ReportModel } from '../report-model.js';
import { percent } from '../../core/format/percent.js';

/** Drift: the verdict with its evidence, and the outcome rate of each tier over time. */
export async function driftSection(model: ReportModel): Promise<string> {
  const drift = model.drift;
  if (!drift.available) return `<section id="drift"><h2>Drift</h2>${empty(drift.reason)}</section>`;
  const outcome = drift.unit === 'deal' ? 'Win rate' : 'Share positive';
  const chart =
    driftRows(drift).length > 0
      ? figure(
          'chart-drift',
          await renderChart('drift', `${outcome} by tier over time`, driftSpec(drift, outcome)),
          'Points are rates per window; faint lines their 95% intervals. The last window may be incomplete: its slow deals have not closed yet.',
        )
      : empty('No unit with an outcome arrived in these windows.');
  const segments = drift.windows.flatMap((w) =>
    w.segments.map(
      (s) =>
        `<li>${esc(w.from)}: ${esc(s.attribute)} = ${esc(s.bin)} ${s.kind === 'emerging' ? 'emerging' : 'stopped performing'}: ${esc(percent(s.now.rate))} (n=${esc(String(s.now.n))}) against ${esc(percent(s.before.rate))} ${esc(drift.baseline)} (q ${esc(s.q.toFixed(4))})</li>`,
    ),
  );
  return `<section id="drift">
<h2>Drift</h2>
<p><strong>${esc(drift.verdict.toUpperCase())}</strong>: ${esc(drift.action)}.</p>
<ul>${drift.reasons.map((r) => `<li>${esc(`${r.charAt(0).toUpperCase()}${r.slice(1)}`)}.</li>`).join('')}</ul>
${chart}
${segments.length > 0 ? `<p>Segments that changed (false-discovery rate 5%):</p><ul>${segments.join('')}</ul>` : `<p>${esc(`No segment did clearly better or worse than ${drift.baseline}.`)}</p>`}
</section>`;
}
