import { calibrationSpec, gainsSpec } from '../charts/quality-charts.js';
import { renderChart } from '../charts/render-chart.js';
import { empty, figure } from '../html.js';
import type { ReportModel } from '../report-model.js';

/** Model quality: cumulative gains and calibration from the out-of-fold scores. */
export async function qualitySection(model: ReportModel): Promise<string> {
  const q = model.quality;
  if (!q.available)
    return `<section id="quality"><h2>Model quality</h2>${empty(q.reason)}</section>`;
  const gains = figure(
    'chart-gains',
    await renderChart('gains', 'Cumulative gains of the out-of-fold scores', gainsSpec(q)),
    'Every unit is scored by a scorecard fitted without it (cross-fitting), so the curve is what to expect on new data of the same kind.',
  );
  const calibration =
    q.calibration.length > 0
      ? figure(
          'chart-calibration',
          await renderChart(
            'calibration',
            'Calibration of the out-of-fold probabilities',
            calibrationSpec(q),
          ),
          'Points: the mean predicted probability and the observed rate of each tenth; black lines the 95% interval.',
        )
      : empty('No calibration: the tiers here are exploratory (the ICP has no scorecard).');
  return `<section id="quality">
<h2>Model quality</h2>
<div class="grid">${gains}${calibration}</div>
</section>`;
}
