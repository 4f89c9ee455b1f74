import { renderChart } from '../charts/render-chart.js';
import { valueMapSpec, valueQuadrants } from '../charts/value-map-chart.js';
import { empty, figure, int, money, section } from '../html.js';
import type { ReportModel } from '../report-model.js';

/** The value map: revenue against cost to serve, one dot per customer, coloured by tier. */
export async function valueMapSection(model: ReportModel): Promise<string> {
  const v = model.valueMap;
  if (!v.available) return section('value-map', 'Value map', empty(v.reason));
  if (v.customers.length === 0) {
    return section('value-map', 'Value map', empty('No customer has revenue yet.'));
  }
  const q = valueQuadrants(v.customers);
  const svg = await renderChart(
    'value-map',
    'Value map: revenue against cost to serve, one dot per customer, coloured by tier',
    valueMapSpec(v.customers, model.currency, q),
  );
  const share = (k: number) => `${Math.round((100 * k) / v.customers.length)}%`;
  return section(
    'value-map',
    'Value map',
    `<p>Every customer as a dot: what it paid against what it cost to serve. The dashed lines are the medians (${money(q.revenueMedian, model.currency)} of revenue, ${money(q.costMedian, model.currency)} of cost to serve). Ideal (green corner): revenue at or above the median and cost at or below it, ${int(q.ideal)} customers (${share(q.ideal)}). Bad fit (red corner): revenue below the median and cost above it, ${int(q.badFit)} (${share(q.badFit)}). The rest: ${int(q.rest)} (${share(q.rest)}). If the ICP works, the ideal corner is mostly tier A and B and the bad-fit corner mostly C and D.</p>
${figure('chart-value-map', svg, 'Both axes are logarithmic; a customer with no support cost at all is drawn on the bottom edge.')}`,
  );
}
