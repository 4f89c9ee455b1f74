import { backtestRows, backtestSpec } from '../charts/backtest-chart.js';
import { renderChart } from '../charts/render-chart.js';
import { empty, esc, figure } from '../html.js';
import type { ReportModel } from '../report-model.js';

/** Backtest over time: each quarter's ICP, learned before it, scored on what came after. */
export async function backtestSection(model: ReportModel): Promise<string> {
  const b = model.backtest;
  if (!b.available)
    return `<section id="backtest"><h2>Backtest over time</h2>${empty(b.reason)}</section>`;
  const chart =
    backtestRows(b).length > 0
      ? figure(
          'chart-backtest',
          await renderChart(
            'backtest',
            'Backtest: forward AUC and tiers A-B capture per quarter',
            backtestSpec(b),
          ),
          `Each point: discovery on what was known before the quarter, scored on the ${b.unit}s that arrived in it; lines are 95% intervals. The last quarter may be incomplete.`,
        )
      : empty('No quarter had both positives and negatives to rank.');
  const weaker = b.windows.filter((w) => w.auc && w.cvAuc && w.auc.hi < w.cvAuc.lo);
  return `<section id="backtest">
<h2>Backtest over time</h2>
<p>${esc(`${b.windows.length} quarters; ${weaker.length === 0 ? 'in none did the forward AUC fall below the ICP’s own cross-validated interval' : `the forward AUC fell below the cross-validated interval from ${weaker.map((w) => w.asOf).join(', ')}`}. Command: icp backtest --every quarter.`)}</p>
${chart}
</section>`;
}
