import type { Share } from '../../core/text/theme-stats.js';
import type { JourneyResult, VocResult } from '../../core/text/voc-result.js';
import { journeyFunnelSpec } from '../charts/journey-chart.js';
import { renderChart } from '../charts/render-chart.js';
import { empty, esc, figure, int, pct, table } from '../html.js';

export const na = '<span class="na">n/a</span>';
export const share = (s: Share | null) =>
  s ? esc(`${pct(s.rate)} (${pct(s.lo)}–${pct(s.hi)})`) : na;

/** The journey by tier (docs/voc.md): the funnel, lead sources, cycle, expansion, time in stage. */
export async function journeyParts(v: VocResult): Promise<string[]> {
  const j = v.journey;
  const out = ['<h3>Journey by tier</h3>'];
  if (j.funnel)
    out.push(
      figure(
        'chart-journey',
        await renderChart('journey', 'Funnel by tier', journeyFunnelSpec(j.funnel)),
        `Steps from ${j.funnel.from}.`,
      ),
    );
  if (j.sources.length > 0) out.push(sourceTable(j.sources));
  const tiers = [
    ...new Set([
      ...j.cycle.map((c) => c.tier),
      ...j.expansion.map((e) => e.tier),
      ...j.timeToValue.map((t) => t.tier),
    ]),
  ];
  if (tiers.length > 0)
    out.push(
      table(
        [
          'Tier',
          'Sales cycle, days (quartiles)',
          'Month 12 / month 1',
          'Expanded in year one (95% CI)',
          'Days to first usage',
        ],
        tiers.map((tier) => {
          const c = j.cycle.find((x) => x.tier === tier);
          const e = j.expansion.find((x) => x.tier === tier);
          const t = j.timeToValue.find((x) => x.tier === tier);
          return [
            esc(tier),
            c ? esc(`${int(c.medianDays)} (${int(c.p25)}–${int(c.p75)})`) : na,
            e ? esc(e.medianRatio.toFixed(2)) : na,
            e ? share(e.expanded) : na,
            t ? esc(int(t.medianDays)) : na,
          ];
        }),
        {
          num: [1, 2, 3, 4],
          caption:
            "Medians by tier. Month 12 / month 1: a customer's revenue in its 12th month over its first; days to first usage: from the first revenue month to the first usage above zero",
        },
      ),
    );
  if (j.timeInStage.length > 0)
    out.push(
      table(
        ['Tier', 'Stage', 'Deals', 'Median days in stage'],
        j.timeInStage.map((s) => [
          esc(s.tier),
          esc(s.stage),
          esc(int(s.deals)),
          esc(int(s.medianDays)),
        ]),
        { num: [2, 3] },
      ),
    );
  if (j.touchpoints.length > 0)
    out.push(
      table(
        ['Tier', 'Touchpoint', 'Per closed deal'],
        j.touchpoints.map((t) => [esc(t.tier), esc(t.type), esc(t.perDeal.toFixed(1))]),
        { num: [2] },
      ),
    );
  if (j.missing.length > 0)
    out.push(`<ul>${j.missing.map((m) => `<li>${esc(m)}</li>`).join('')}</ul>`);
  return out;
}

/**
 * Lead sources as one row per tier and one column per source (the most used first, "(none)"
 * last): a reader compares tiers down a column, which a long tier-by-source list hid.
 */
function sourceTable(rows: JourneyResult['sources']): string {
  const totals = new Map<string, number>();
  for (const r of rows) totals.set(r.source, (totals.get(r.source) ?? 0) + r.deals);
  const sources = [...totals.keys()].sort(
    (a, b) =>
      Number(a === '(none)') - Number(b === '(none)') ||
      totals.get(b)! - totals.get(a)! ||
      a.localeCompare(b),
  );
  const tiers = [...new Set(rows.map((r) => r.tier))];
  return table(
    ['Tier', 'Deals', ...sources],
    tiers.map((tier) => {
      const mine = rows.filter((r) => r.tier === tier);
      return [
        esc(tier),
        esc(int(mine.reduce((s, r) => s + r.deals, 0))),
        ...sources.map((source) => {
          const r = mine.find((x) => x.source === source);
          return r
            ? `${esc(pct(r.share))}<br><span class="na">${share(r.winRate)}</span>`
            : esc('0%');
        }),
      ];
    }),
    {
      num: sources.map((_, i) => i + 1).concat(sources.length + 1),
      caption:
        "Lead sources: the share of each tier's deals from a source; below it, those deals' win rate (95% CI, accounts as units)",
    },
  );
}

/** Usage by tier and the behavioural attributes of the ICP's customers. */
export function behaviourParts(v: VocResult): string[] {
  const b = v.behaviour;
  if (!b)
    return [
      '<h3>Behaviour by tier</h3>',
      empty('No usage with revenue: behaviour by tier is not measurable.'),
    ];
  const attrs = b.metrics.flatMap((m) => (m.attribute ? [m.attribute.statement] : []));
  // Per seat needs seats on the accounts; a column of n/a only would say nothing.
  const seats = b.metrics.some((m) => m.byTier.some((t) => t.perSeat !== null));
  return [
    '<h3>Behaviour by tier</h3>',
    `<p>${esc(b.note)}</p>`,
    table(
      [
        'Metric',
        'Tier',
        'Customers',
        'First 90 days (median)',
        'Growth: latest 90 days over first',
        ...(seats ? ['Per seat'] : []),
      ],
      b.metrics.flatMap((m) =>
        m.byTier.map((t) => [
          esc(m.metric),
          esc(t.tier),
          esc(int(t.customers)),
          t.first90 === null ? na : esc(int(t.first90)),
          t.growth === null ? na : esc(t.growth.toFixed(2)),
          ...(seats ? [t.perSeat === null ? na : esc(t.perSeat.toFixed(1))] : []),
        ]),
      ),
      { num: [2, 3, 4, 5] },
    ),
    attrs.length > 0
      ? `<p>Behavioural attributes of the ICP:</p><ul>${attrs.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`
      : empty('No usage metric tells ideal customers apart at this false-discovery rate.'),
  ];
}
