import { renderChart } from '../charts/render-chart.js';
import { tierRateRows, tierRatesSpec } from '../charts/tier-rates-chart.js';
import { empty, esc, figure, int, pct, rateText, table } from '../html.js';
import type { ReportModel } from '../report-model.js';

/** Ends a sentence from elsewhere with a full stop if it has none. */
const sentence = (s: string) =>
  `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;
const na = '<span class="na">n/a</span>';
const opt = (x: number | null, f: (x: number) => string) => (x === null ? na : esc(f(x)));

/** Tier KPIs from the audit: a chart of win rate and churn by tier, then the full table. */
export async function tiersSection(model: ReportModel): Promise<string> {
  const { audit, currency } = model;
  const tiers = audit.tiers.filter((t) => t.accounts > 0);
  if (tiers.length === 0) {
    return `<section id="tiers"><h2>Tiers</h2>${empty('No account could be tiered.')}</section>`;
  }
  const chart =
    tierRateRows(tiers).length > 0
      ? figure(
          'chart-tier-rates',
          await renderChart(
            'tier-rates',
            'Win rate and churn by tier, with 95% intervals',
            tierRatesSpec(tiers),
          ),
          'Bars are rates; black lines their 95% intervals. Win rates count deals but treat accounts as the independent units.',
        )
      : empty('No deals and no churn data: win rate and churn by tier are not measurable.');
  const rows = tiers.map((t) => [
    `<strong>${esc(t.tier)}</strong>`,
    esc(int(t.accounts)),
    esc(int(t.customers)),
    t.winRate ? esc(rateText(t.winRate)) : na,
    t.churnRate ? esc(rateText(t.churnRate)) : na,
    opt(t.medianCycleDays, (x) => int(x)),
    opt(t.averageDealSize, (x) => int(x)),
    opt(t.netRevenueRetention, pct),
    opt(t.costToServePerMonth, (x) => int(x)),
    opt(t.netValuePerMonth, (x) => int(x)),
    opt(t.nps, (x) => x.toFixed(0)),
  ]);
  return `<section id="tiers">
<h2>Tiers</h2>
<p>${esc(sentence(audit.tierSource.note))}</p>
${chart}
${table(
  [
    'Tier',
    'Accounts',
    'Customers',
    'Win rate (95% CI, n deals)',
    'Churn (95% CI, n customers)',
    'Median cycle (days)',
    `Avg deal (${currency})`,
    'NRR',
    `Cost to serve / month (${currency})`,
    `Net value / month (${currency})`,
    'NPS',
  ],
  rows,
  { num: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
)}
</section>`;
}
