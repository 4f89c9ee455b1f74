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
  const ranked = b.windows.filter((w) => w.auc && w.cvAuc);
  const weaker = ranked.filter((w) => w.auc && w.cvAuc && w.auc.hi < w.cvAuc.lo);
  // Say only what was measured: with no quarter ranked, there is no verdict on ageing.
  const verdict =
    ranked.length === 0
      ? `${b.windows.length} quarters; in none could the forward AUC be measured (a quarter needs both positives and negatives, and an ICP with a scorecard), so the backtest says nothing about ageing`
      : weaker.length === 0
        ? `${b.windows.length} quarters, ${ranked.length} with a forward AUC; in none of those did it fall below the ICP’s own cross-validated interval`
        : `${b.windows.length} quarters, ${ranked.length} with a forward AUC; it fell below the cross-validated interval from ${weaker.map((w) => w.asOf).join(', ')}`;
  return `<section id="backtest">
<h2>Backtest over time</h2>
<p>${esc(`${verdict}. Command: icp backtest --every quarter.`)}</p>
${chart}
</section>`;
}
