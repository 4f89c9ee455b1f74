import type { IcpDefinition } from '../../core/icp/definition.js';
import { liftChartSpec } from '../charts/lift-chart.js';
import { renderChart } from '../charts/render-chart.js';
import { tierRateRows, tierRatesSpec } from '../charts/tier-rates-chart.js';
import { valueMapSpec, valueQuadrants } from '../charts/value-map-chart.js';
import { esc, figure, int, money, pct } from '../html.js';
import type { ReportModel } from '../report-model.js';

/** The attributes whose lift charts the report shows, strongest first. */
export function liftAttributes(icp: IcpDefinition): IcpDefinition['evidence'] {
  const selected = icp.evidence.filter((e) => e.selected);
  return selected.length > 0 ? selected : icp.evidence.slice(0, 6);
}

/**
 * Three charts right after the answer: how the tiers differ (with a reliable profile), the
 * value map, and the lift of the strongest attribute; what cannot be drawn gives its place to
 * the next attribute's lift. Returns the HTML and how many lift charts it used, so the lift
 * section does not repeat them.
 */
export async function glanceSection(model: ReportModel): Promise<{ html: string; lifts: number }> {
  const charts: string[] = [];
  const tiers = model.audit.tiers.filter((t) => t.accounts > 0);
  if (model.audit.profile.reliable && tierRateRows(tiers).length > 0)
    charts.push(
      figure(
        'chart-tier-rates',
        await renderChart(
          'tier-rates',
          'Win rate and churn by tier, with 95% intervals',
          tierRatesSpec(tiers),
        ),
        'How the tiers differ. Bars are rates in each tier’s colour; black lines their 95% intervals. Win rates count deals but treat accounts as the independent units.',
      ),
    );
  const v = model.valueMap;
  if (v.available && v.customers.length > 0) {
    const q = valueQuadrants(v.customers);
    const share = (k: number) => `${Math.round((100 * k) / v.customers.length)}%`;
    charts.push(
      figure(
        'chart-value-map',
        await renderChart(
          'value-map',
          'Value map: revenue against cost to serve, one dot per customer, coloured by tier',
          valueMapSpec(v.customers, model.currency, q),
        ),
        `Every customer: what it paid against what it cost to serve (log scales; no support cost at all is drawn on the bottom edge). Dashed lines at the medians (${money(q.revenueMedian, model.currency)}, ${money(q.costMedian, model.currency)}). Ideal corner: ${int(q.ideal)} (${share(q.ideal)}); bad-fit corner: ${int(q.badFit)} (${share(q.badFit)}). If the ICP works, the ideal corner is mostly tiers A-B.`,
      ),
    );
  }
  const notes = v.available ? '' : `<p class="empty">${esc(`Value map: ${v.reason}`)}</p>`;
  const lifts = liftAttributes(model.icp).slice(0, Math.max(0, 3 - charts.length));
  for (const [i, e] of lifts.entries())
    charts.push(
      figure(
        `chart-lift-top-${i + 1}`,
        await renderChart(
          `lift-top-${i + 1}`,
          `Lift by ${e.attribute}, with 95% intervals`,
          liftChartSpec(e, model.icp.target.base_rate, model.icp.target.kind),
        ),
        `How much more often accounts in each bin of ${e.attribute} qualify than accounts overall (${pct(model.icp.target.base_rate)}, the dashed line); green: clearly above, red: clearly below.`,
      ),
    );
  return {
    html: `<section id="glance">
<h2>At a glance</h2>
${charts.length > 0 ? `<div class="grid">\n${charts.join('\n')}\n</div>` : `<p class="empty">${esc('No chart can be drawn from these data.')}</p>`}${notes}
</section>`,
    lifts: lifts.length,
  };
}
