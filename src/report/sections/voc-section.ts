import type { Share } from '../../core/text/theme-stats.js';
import type { VocGroup, VocResult, VocTheme } from '../../core/text/voc-result.js';
import { journeyFunnelSpec } from '../charts/journey-chart.js';
import { renderChart } from '../charts/render-chart.js';
import { roadmapSpec } from '../charts/roadmap-chart.js';
import { themeLiftSpec } from '../charts/theme-lift-chart.js';
import { empty, esc, figure, int, pct, table } from '../html.js';

const na = '<span class="na">n/a</span>';
const share = (s: Share | null) => (s ? esc(`${pct(s.rate)} (${pct(s.lo)}–${pct(s.hi)})`) : na);
const ratio = (t: VocTheme, g: VocGroup) => {
  const r = t.groups[g].ratio;
  return r ? esc(`${r.ratio.toFixed(2)} (${r.lo.toFixed(2)}–${r.hi.toFixed(2)})`) : na;
};
const q = (x: number) => esc(x < 0.001 ? '<0.001' : x.toFixed(3));
const quote = (t: VocTheme) => {
  const x = t.quotes[0];
  return x
    ? `“${esc(x.text)}” <span class="na">${esc(`${x.accountId}, tier ${x.tier}${x.date ? `, ${x.date}` : ''}`)}</span>`
    : na;
};

/**
 * The voice of the customer by tier (docs/voc.md): what the ICP and the bad fit say, the jobs
 * customers hire the product for, why deals are lost, who the roadmap and support work for,
 * the journey and behaviour by tier. Says why when the data hold no text.
 */
export async function vocSection(v: VocResult | undefined): Promise<string> {
  if (!v)
    return `<section id="voc"><h2>Voice of the customer</h2>${empty("The audit did not read the customers' text.")}</section>`;
  const parts = [`<section id="voc">`, '<h2>Voice of the customer</h2>'];
  if (!v.available) parts.push(empty(v.reason ?? 'No text.'));
  else parts.push(...(await themeParts(v)));
  parts.push(
    ...(await roadmapParts(v)),
    ...(await journeyParts(v)),
    ...behaviourParts(v),
    '</section>',
  );
  return parts.join('\n');
}

async function themeParts(v: VocResult): Promise<string[]> {
  const docs = v.sources.reduce((s, x) => s + x.documents, 0);
  const byId = new Map(v.themes.map((t) => [t.id, t]));
  const pick = (ids: readonly string[]) => ids.map((id) => byId.get(id)!).filter(Boolean);
  const pain = pick(v.painPoints);
  const bad = pick(v.badFitThemes);
  const out = [
    `<p>${esc(`${int(docs)} documents (${v.sources.map((s) => `${s.source} ${int(s.documents)}`).join(', ')}) read for key phrases, grouped into themes used by ${v.settings.minAccounts} accounts or more. A ratio is a group's mentions over those expected from how much and what kind of text it writes (1: as usual), with a 95% interval counting accounts as the units; a theme leans to a side when its false-discovery-controlled q is at most ${v.settings.fdr} and its ratio there is at least 1.5 times the other side's.`)}</p>`,
  ];
  if (v.reason) out.push(empty(v.reason));
  const charted = [...pain, ...bad].slice(0, 10);
  if (charted.length > 0)
    out.push(
      figure(
        'chart-theme-lift',
        await renderChart(
          'theme-lift',
          'Themes by tier: mention ratios with 95% intervals',
          themeLiftSpec(charted),
        ),
        'Dots are mention ratios by tier, lines their 95% intervals; the dashed line is 1 (as usual).',
      ),
    );
  const themeTable = (
    title: string,
    themes: readonly VocTheme[],
    a: VocGroup,
    b: VocGroup,
    labels: [string, string],
  ) =>
    `<h3>${esc(title)}</h3>${
      themes.length === 0
        ? empty('None at this false-discovery rate.')
        : table(
            [
              'Theme',
              'Phrases',
              'Accounts',
              `Ratio ${labels[0]}`,
              `Ratio ${labels[1]}`,
              `Share of ${labels[0]} raising it`,
              'q',
              'Example',
            ],
            themes.map((t) => {
              const test = a === 'ideal' ? t.tests.idealVsRest : t.tests.icpVsOutside;
              return [
                `<strong>${esc(t.label)}</strong>`,
                esc(t.phrases.slice(1, 5).join(', ')),
                esc(int(t.accounts)),
                ratio(t, a),
                ratio(t, b),
                share(t.groups[a].share),
                test ? q(test.q) : na,
                quote(t),
              ];
            }),
            { num: [2, 3, 4, 5, 6] },
          )
    }`;
  out.push(
    themeTable(
      'Pain points of the ICP (raised more in tiers A-B)',
      pain.slice(0, 10),
      'icp',
      'outside',
      ['A-B', 'C-D'],
    ),
    themeTable(
      'Themes of the bad fit (raised more outside tiers A-B)',
      bad.slice(0, 10),
      'outside',
      'icp',
      ['C-D', 'A-B'],
    ),
    v.ideal.available
      ? themeTable(
          'Jobs to be done (won reasons and 9-10 comments)',
          pick(v.jobs).slice(0, 10),
          'ideal',
          'rest',
          ['ideal', 'rest'],
        )
      : themeTable(
          'Jobs to be done (won reasons and 9-10 comments)',
          pick(v.jobs).slice(0, 10),
          'icp',
          'outside',
          ['A-B', 'C-D'],
        ),
    themeTable(
      'Why deals are lost',
      v.themes.filter((t) => t.lens === 'lost').slice(0, 10),
      'icp',
      'outside',
      ['A-B', 'C-D'],
    ),
  );
  if (!v.ideal.available) out.push(`<p>${esc(v.ideal.note)}</p>`);
  const most = v.themes.filter((t) => t.lens === 'raised').slice(0, 12);
  if (most.length > 0)
    out.push(
      '<h3>Most raised themes, whatever the side</h3>',
      table(
        [
          'Theme',
          'Accounts',
          'Share of A-B raising it',
          'Share of C-D raising it',
          'Leans to',
          'Example',
        ],
        most.map((t) => [
          `<strong>${esc(t.label)}</strong>`,
          esc(int(t.accounts)),
          share(t.groups.icp.share),
          share(t.groups.outside.share),
          esc(t.side === 'icp' ? 'the ICP' : t.side === 'bad-fit' ? 'the bad fit' : 'neither'),
          quote(t),
        ]),
        { num: [1, 2, 3] },
      ),
    );
  return out;
}

async function roadmapParts(v: VocResult): Promise<string[]> {
  const r = v.roadmap;
  if (!r)
    return [
      '<h3>Roadmap dilution</h3>',
      empty('No tickets or requests: roadmap dilution is not measurable.'),
    ];
  const ranked = (xs: typeof r.ranked.icp) =>
    esc(
      xs
        .slice(0, 6)
        .map((x) => `${x.label} (${int(x.accounts)})`)
        .join(', ') || 'none',
    );
  return [
    '<h3>Roadmap dilution</h3>',
    figure(
      'chart-roadmap',
      await renderChart(
        'roadmap',
        'Share of requests, tickets and support minutes by tier',
        roadmapSpec(r),
      ),
      `${int(r.requests)} feature requests from ${int(r.requestingAccounts)} accounts.`,
    ),
    table(
      ['', 'From outside tiers A-B (95% CI)', 'From bad-fit customers (95% CI)'],
      r.shares.map((s) => [esc(s.what), share(s.outside), share(s.badFit)]),
      { num: [1, 2] },
    ),
    `<p>Requests from the ICP (accounts): ${ranked(r.ranked.icp)}.</p>`,
    `<p>Requests from outside it (accounts): ${ranked(r.ranked.outside)}.</p>`,
    `<p>Raised mostly by customers who later churned: ${esc(r.fromChurned.map((x) => `${x.label} (${x.churned ? pct(x.churned.rate) : 'n/a'} of ${int(x.churned?.n ?? 0)} churned)`).join(', ') || 'none')}.</p>`,
  ];
}

async function journeyParts(v: VocResult): Promise<string[]> {
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
  if (j.sources.length > 0)
    out.push(
      table(
        [
          'Tier',
          'Lead source',
          'Deals',
          'Share of the tier',
          'Win rate (95% CI, accounts as units)',
        ],
        j.sources.map((s) => [
          esc(s.tier),
          esc(s.source),
          esc(int(s.deals)),
          esc(pct(s.share)),
          share(s.winRate),
        ]),
        { num: [2, 3, 4] },
      ),
    );
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
          'Sales cycle, median days (quartiles)',
          'Month 12 over month 1 (median)',
          'Expanded in year one (95% CI)',
          'Days to first usage (median)',
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
        { num: [1, 2, 3, 4] },
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

function behaviourParts(v: VocResult): string[] {
  const b = v.behaviour;
  if (!b)
    return [
      '<h3>Behaviour by tier</h3>',
      empty('No usage with revenue: behaviour by tier is not measurable.'),
    ];
  const attrs = b.metrics.flatMap((m) => (m.attribute ? [m.attribute.statement] : []));
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
        'Per seat',
      ],
      b.metrics.flatMap((m) =>
        m.byTier.map((t) => [
          esc(m.metric),
          esc(t.tier),
          esc(int(t.customers)),
          t.first90 === null ? na : esc(int(t.first90)),
          t.growth === null ? na : esc(t.growth.toFixed(2)),
          t.perSeat === null ? na : esc(t.perSeat.toFixed(1)),
        ]),
      ),
      { num: [2, 3, 4, 5] },
    ),
    attrs.length > 0
      ? `<p>Behavioural attributes of the ICP:</p><ul>${attrs.map((a) => `<li>${esc(a)}</li>`).join('')}</ul>`
      : empty('No usage metric tells ideal customers apart at this false-discovery rate.'),
  ];
}
