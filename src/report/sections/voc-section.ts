import type { VocGroup, VocLens, VocResult, VocTheme } from '../../core/text/voc-result.js';
import { renderChart } from '../charts/render-chart.js';
import { roadmapSpec } from '../charts/roadmap-chart.js';
import { themeLiftSpec } from '../charts/theme-lift-chart.js';
import { empty, esc, figure, int, pct, table } from '../html.js';
import { behaviourParts, journeyParts, na, share } from './voc-journey-section.js';

const ratio = (t: VocTheme, g: VocGroup) => {
  const r = t.groups[g].ratio;
  return r ? esc(`${r.ratio.toFixed(2)} (${r.lo.toFixed(2)}–${r.hi.toFixed(2)})`) : na;
};
const q = (x: number) => esc(x < 0.001 ? '<0.001' : x.toFixed(3));
/**
 * A theme's example: its first quote not yet shown in the same table (`shown`), so two themes
 * drawn from one ticket (a Shopify and a Square integration) each show their own words.
 */
const quote = (t: VocTheme, shown: Set<string>) => {
  const x = t.quotes.find((c) => !shown.has(c.text)) ?? t.quotes[0];
  if (x) shown.add(x.text);
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

/** Documents by source, a source read under two lenses (comments by score) named with each. */
function sourceList(v: VocResult): string {
  const lenses = (source: string) => v.sources.filter((s) => s.source === source).length;
  return v.sources
    .map((s) => `${s.source}${lenses(s.source) > 1 ? ` (${s.lens})` : ''} ${int(s.documents)}`)
    .join(', ');
}

async function themeParts(v: VocResult): Promise<string[]> {
  const docs = v.sources.reduce((s, x) => s + x.documents, 0);
  const byId = new Map(v.themes.map((t) => [t.id, t]));
  const pick = (ids: readonly string[]) => ids.map((id) => byId.get(id)!).filter(Boolean);
  const pain = pick(v.painPoints);
  const bad = pick(v.badFitThemes);
  const out = [
    `<p>${esc(`${int(docs)} documents (${sourceList(v)}) read for key phrases, grouped into themes used by ${v.settings.minAccounts} accounts or more. A ratio is a group's mentions over those expected from how much and what kind of text it writes (1: as usual), with a 95% interval counting accounts as the units; a theme leans to a side when its false-discovery-controlled q is at most ${v.settings.fdr} and its ratio there is at least 1.5 times the other side's.`)}</p>`,
  ];
  if (v.reason) out.push(empty(v.reason));
  const charted = [...pain, ...bad].slice(0, 10);
  if (charted.length > 0) out.push(await themeChart(charted));
  // Why a table is empty: no text of its kind at all, or none that passes.
  const noText = (lens: VocLens, missing: string, otherwise?: string) =>
    v.sources.some((x) => x.lens === lens && x.documents > 0) ? otherwise : missing;
  const jobs = 'Jobs to be done (won reasons and 9-10 comments)';
  const noJobs = noText('praised', 'No won reason and no 9-10 comment to read.');
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
      ? themeTable(jobs, pick(v.jobs).slice(0, 10), 'ideal', 'rest', ['ideal', 'rest'], noJobs)
      : themeTable(jobs, pick(v.jobs).slice(0, 10), 'icp', 'outside', ['A-B', 'C-D'], noJobs),
    themeTable(
      'Why deals are lost',
      v.themes.filter((t) => t.lens === 'lost').slice(0, 10),
      'icp',
      'outside',
      ['A-B', 'C-D'],
      noText('lost', 'No lost reason to read.', 'No theme used by enough accounts.'),
    ),
  );
  if (!v.ideal.available) out.push(`<p>${esc(v.ideal.note)}</p>`);
  out.push(...mostRaised(v.themes.filter((t) => t.lens === 'raised').slice(0, 12)));
  return out;
}

async function themeChart(themes: readonly VocTheme[]): Promise<string> {
  return figure(
    'chart-theme-lift',
    await renderChart(
      'theme-lift',
      'Themes by tier: mention ratios with 95% intervals',
      themeLiftSpec(themes),
    ),
    'Dots are mention ratios by tier, lines their 95% intervals; the dashed line is 1 (as usual).',
  );
}

/** One table of themes: ratio of group `a` against `b`, the share of `a` raising it, q, a quote. */
function themeTable(
  title: string,
  themes: readonly VocTheme[],
  a: VocGroup,
  b: VocGroup,
  labels: [string, string],
  none = 'None at this false-discovery rate.',
): string {
  if (themes.length === 0) return `<h3>${esc(title)}</h3>${empty(none)}`;
  const shown = new Set<string>();
  const rows = themes.map((t) => {
    const test = a === 'ideal' ? t.tests.idealVsRest : t.tests.icpVsOutside;
    return [
      `<strong>${esc(t.label)}</strong>`,
      esc(t.phrases.slice(1, 5).join(', ')),
      esc(int(t.accounts)),
      ratio(t, a),
      ratio(t, b),
      share(t.groups[a].share),
      test ? q(test.q) : na,
      quote(t, shown),
    ];
  });
  const head = ['Theme', 'Phrases', 'Accounts', `Ratio ${labels[0]}`, `Ratio ${labels[1]}`];
  return `<h3>${esc(title)}</h3>${table(
    [...head, `Share of ${labels[0]} raising it`, 'q', 'Example'],
    rows,
    { num: [2, 3, 4, 5, 6] },
  )}`;
}

/** The most raised themes whatever their side, with the share of each side raising them. */
function mostRaised(most: readonly VocTheme[]): string[] {
  if (most.length === 0) return [];
  const shown = new Set<string>();
  return [
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
        quote(t, shown),
      ]),
      { num: [1, 2, 3] },
    ),
  ];
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
      r.requests > 0
        ? `${int(r.requests)} feature requests from ${int(r.requestingAccounts)} accounts.`
        : 'No feature requests: no requests table, and no ticket whose type or tags voc.request_tags names.',
    ),
    table(
      ['', 'From outside tiers A-B (95% CI)', 'From bad-fit customers (95% CI)'],
      r.shares
        .filter((s) => s.outside || s.badFit)
        .map((s) => [esc(s.what), share(s.outside), share(s.badFit)]),
      { num: [1, 2] },
    ),
    ...(r.requests > 0
      ? [
          `<p>Requests from the ICP (accounts): ${ranked(r.ranked.icp)}.</p>`,
          `<p>Requests from outside it (accounts): ${ranked(r.ranked.outside)}.</p>`,
          `<p>Raised mostly by customers who later churned: ${esc(r.fromChurned.map((x) => `${x.label} (${x.churned ? pct(x.churned.rate) : 'n/a'} of ${int(x.churned?.n ?? 0)} churned)`).join(', ') || 'none')}.</p>`,
        ]
      : []),
  ];
}
