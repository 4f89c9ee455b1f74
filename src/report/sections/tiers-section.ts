import { empty, esc, int, pct, table } from '../html.js';
import type { ReportModel } from '../report-model.js';
import type { RateWithInterval } from '../../core/stats/rate.js';

/** Ends a sentence from elsewhere with a full stop if it has none. */
const sentence = (s: string) =>
  `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;
const na = '<span class="na">n/a</span>';
const opt = (x: number | null, f: (x: number) => string) => (x === null ? na : esc(f(x)));
/** A rate over its interval and n on a second, smaller line: narrow enough for 1280 px. */
const rateCell = (r: RateWithInterval | null) =>
  r
    ? `${esc(pct(r.rate))}<br><small>${esc(`${pct(r.lo)}–${pct(r.hi)}, n=${int(r.n)}`)}</small>`
    : na;

/** Tier KPIs from the audit, as one table (the chart of win rate and churn is at a glance). */
export function tiersSection(model: ReportModel): string {
  const { audit, currency } = model;
  const tiers = audit.tiers.filter((t) => t.accounts > 0);
  if (tiers.length === 0) {
    return `<section id="tiers"><h2>Tiers</h2>${empty('No account could be tiered.')}</section>`;
  }
  const rows = tiers.map((t) => [
    `<strong>${esc(t.tier)}</strong>`,
    esc(int(t.accounts)),
    esc(int(t.customers)),
    rateCell(t.winRate),
    rateCell(t.churnRate),
    opt(t.medianCycleDays, (x) => int(x)),
    opt(t.averageDealSize, (x) => int(x)),
    opt(t.netRevenueRetention, pct),
    opt(t.costToServePerMonth, (x) => int(x)),
    opt(t.netValuePerMonth, (x) => int(x)),
    opt(t.nps, (x) => x.toFixed(0)),
  ]);
  const exploratory = audit.profile.reliable
    ? ''
    : ' These tiers are exploratory: expect them to differ by no more than chance.';
  return `<section id="tiers">
<h2>Tiers</h2>
<p>${esc(`${sentence(audit.tierSource.note)}${exploratory}`)} Rates show their 95% interval and n below them (win rate: deals, with accounts as the independent units; churn: customers). Money in ${esc(currency)}, per customer-month where it says /mo.</p>
${table(
  [
    'Tier',
    'Accounts',
    'Customers',
    'Win rate',
    'Churn',
    'Cycle (days)',
    'Avg deal',
    'NRR',
    'Cost to serve /mo',
    'Net value /mo',
    'NPS',
  ],
  rows,
  { num: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
)}
</section>`;
}
