import type { Share } from '../../core/text/theme-stats.js';
import {
  type BehaviourResult,
  type JourneyResult,
  VOC_TIERS,
  type VocResult,
} from '../../core/text/voc-result.js';
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
  if (tiers.length > 0) out.push(tierTable(j, tiers));
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

/** Cycle, expansion and time to first usage by tier, leaving out a measure the data cannot give. */
function tierTable(j: JourneyResult, tiers: readonly string[]): string {
  const columns = [
    ...(j.cycle.length > 0
      ? [
          {
            head: 'Sales cycle, days (quartiles)',
            cell: (tier: string) => {
              const c = j.cycle.find((x) => x.tier === tier);
              return c ? esc(`${int(c.medianDays)} (${int(c.p25)}–${int(c.p75)})`) : na;
            },
          },
        ]
      : []),
    ...(j.expansion.length > 0
      ? [
          {
            head: 'Month 12 / month 1',
            cell: (tier: string) => {
              const e = j.expansion.find((x) => x.tier === tier);
              return e ? esc(e.medianRatio.toFixed(2)) : na;
            },
          },
          {
            head: 'Expanded in year one (95% CI)',
            cell: (tier: string) =>
              share(j.expansion.find((x) => x.tier === tier)?.expanded ?? null),
          },
        ]
      : []),
    ...(j.timeToValue.length > 0
      ? [
          {
            head: 'Days to first usage',
            cell: (tier: string) => {
              const t = j.timeToValue.find((x) => x.tier === tier);
              return t ? esc(int(t.medianDays)) : na;
            },
          },
        ]
      : []),
  ];
  return table(
    ['Tier', ...columns.map((c) => c.head)],
    tiers.map((tier) => [esc(tier), ...columns.map((c) => c.cell(tier))]),
    {
      num: columns.map((_, i) => i + 1),
      caption: `Medians by tier${j.expansion.length > 0 ? ". Month 12 / month 1: a customer's revenue in its 12th month over its first" : ''}${j.timeToValue.length > 0 ? '; days to first usage: from the first revenue month to the first usage above zero' : ''}`,
    },
  );
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

/**
 * Usage by tier, one row per metric and a column per tier (a usage table can hold dozens of
 * metrics): the median of the first 90 days, below it the growth (latest 90 days over the
 * first) and, when accounts carry seats, the first 90 days per seat. Then the behavioural
 * attributes of the ICP's customers.
 */
export function behaviourParts(v: VocResult): string[] {
  const b = v.behaviour;
  if (!b)
    return [
      '<h3>Behaviour by tier</h3>',
      empty('No usage with revenue: behaviour by tier is not measurable.'),
    ];
  const attrs = b.metrics.flatMap((m) => (m.attribute ? [m.attribute.statement] : []));
  const tiers = VOC_TIERS.filter((t) => b.metrics.some((m) => m.byTier.some((x) => x.tier === t)));
  const seats = b.metrics.some((m) => m.byTier.some((t) => t.perSeat !== null));
  const cell = (m: BehaviourResult['metrics'][number], tier: string) => {
    const t = m.byTier.find((x) => x.tier === tier);
    if (!t) return na;
    const below = [
      `growth ${t.growth === null ? 'n/a' : t.growth.toFixed(2)}`,
      ...(seats ? [`${t.perSeat === null ? 'n/a' : t.perSeat.toFixed(1)}/seat`] : []),
    ].join(' · ');
    return `${t.first90 === null ? na : esc(int(t.first90))}<br><span class="na">${esc(below)}</span>`;
  };
  return [
    '<h3>Behaviour by tier</h3>',
    `<p>${esc(b.note)}</p>`,
    table(
      ['Metric', ...tiers.map((t) => `Tier ${t}`)],
      b.metrics.map((m) => [esc(m.metric), ...tiers.map((t) => cell(m, t))]),
      {
        num: tiers.map((_, i) => i + 1),
        caption: `Median in a customer's first 90 days; below it, the growth (latest 90 days over the first)${seats ? ' and the first 90 days per seat' : ''}. Customers measured per tier, at most: ${tiers.map((t) => `${t} ${int(Math.max(0, ...b.metrics.map((m) => m.byTier.find((x) => x.tier === t)?.customers ?? 0)))}`).join(', ')}`,
      },
    ),
    attrs.length > 0
      ? `<p>Behavioural attributes of the ICP:</p><ul>${attrs.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`
      : empty('No usage metric tells ideal customers apart at this false-discovery rate.'),
  ];
}
