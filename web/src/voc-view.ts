import './voc.css';
import type { Selection } from './accounts-view.js';
import type { Summary, VocResult, VocTheme } from './api.js';
import { h } from './dom.js';
import { count, percent, rate } from './format.js';

type Side = {
  readonly a: 'icp' | 'outside' | 'ideal' | 'rest';
  readonly b: 'icp' | 'outside' | 'ideal' | 'rest';
};
const LABEL = { icp: 'A-B', outside: 'C-D', ideal: 'ideal', rest: 'rest' } as const;

const ratio = (t: VocTheme, g: Side['a']) => {
  const r = t.groups[g].ratio;
  return r ? `${r.ratio.toFixed(2)} (${r.lo.toFixed(2)} to ${r.hi.toFixed(2)})` : '–';
};

/** One theme: its name (a click lists its accounts), its numbers, and its quotes. */
function themeItem(t: VocTheme, side: Side, open: (s: Selection) => void): HTMLElement {
  return h(
    'article',
    { class: 'theme', 'data-theme': t.id },
    h(
      'h4',
      {},
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          onclick: () => open({ segment: t.id, title: `Accounts raising “${t.label}”` }),
        },
        t.label,
      ),
      ` · ${count(t.accounts)} accounts`,
    ),
    h(
      'p',
      { class: 'note' },
      `Mentions over expected: ${LABEL[side.a]} ${ratio(t, side.a)}, ${LABEL[side.b]} ${ratio(t, side.b)}; raised by ${rate(t.groups[side.a].share)} of ${LABEL[side.a]} accounts with text.${t.phrases.length > 1 ? ` Also: ${t.phrases.slice(1, 5).join(', ')}.` : ''}`,
    ),
    t.quotes.map((q) =>
      h(
        'blockquote',
        {},
        `“${q.text}”`,
        h('cite', {}, ` ${q.accountId}, tier ${q.tier}, ${q.source}${q.date ? `, ${q.date}` : ''}`),
      ),
    ),
  );
}

function themeList(
  title: string,
  voc: VocResult,
  ids: readonly string[],
  side: Side,
  open: (s: Selection) => void,
): HTMLElement {
  const byId = new Map(voc.themes.map((t) => [t.id, t]));
  const themes = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])).slice(0, 8);
  return h(
    'div',
    { class: 'themes' },
    h('h3', {}, title),
    themes.length === 0
      ? h('p', { class: 'note' }, 'None at this false-discovery rate.')
      : themes.map((t) => themeItem(t, side, open)),
  );
}

/**
 * What customers say by tier (docs/voc.md): the ICP's pain points, the bad fit's themes and the
 * jobs customers hire the product for, each with quotes; a click on a theme lists the accounts
 * raising it. Then roadmap dilution and the funnel by tier.
 */
export function vocCard(summary: Summary, open: (s: Selection) => void): HTMLElement {
  const voc = summary.voc;
  const card = h('section', { id: 'voc', class: 'card' }, h('h2', {}, 'Voice of the customer'));
  if (!voc) return card;
  if (!voc.available || voc.themes.length === 0)
    card.append(h('p', { class: 'notice' }, voc.reason ?? 'No theme.'));
  else
    card.append(
      h(
        'p',
        { class: 'note' },
        `Themes are phrases used by ${voc.settings.minAccounts}+ accounts. Mentions over expected: 1 is as usual for the amount and kinds of text a group writes (95% interval, accounts as units). Click a theme to see its accounts.`,
      ),
      themeList('Pain points of the ICP', voc, voc.painPoints, { a: 'icp', b: 'outside' }, open),
      themeList('Themes of the bad fit', voc, voc.badFitThemes, { a: 'outside', b: 'icp' }, open),
      themeList(
        'Jobs to be done',
        voc,
        voc.jobs,
        voc.ideal.available ? { a: 'ideal', b: 'rest' } : { a: 'icp', b: 'outside' },
        open,
      ),
    );
  const r = voc.roadmap;
  if (r)
    card.append(
      h('h3', {}, 'Roadmap dilution'),
      h(
        'ul',
        { id: 'roadmap-shares' },
        r.shares.map((s) =>
          h(
            'li',
            {},
            `${s.what}: ${rate(s.outside)} from outside tiers A-B, ${rate(s.badFit)} from bad-fit customers`,
          ),
        ),
      ),
    );
  const f = voc.journey.funnel;
  if (f) card.append(...funnelParts(f));
  return card;
}

type Funnel = NonNullable<NonNullable<Summary['voc']>['journey']['funnel']>;

/** The funnel by tier as a table: the share of each tier's deals reaching each step. */
function funnelParts(f: Funnel): HTMLElement[] {
  const tiers = [...new Set(f.rows.map((x) => x.tier))];
  return [
    h('h3', {}, `Funnel by tier (${f.from})`),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { id: 'funnel' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Tier'),
            f.steps.map((s) => h('th', { scope: 'col', class: 'num' }, s)),
          ),
        ),
        h(
          'tbody',
          {},
          tiers.map((tier) =>
            h(
              'tr',
              { 'data-tier': tier },
              h('th', { scope: 'row' }, tier),
              f.steps.map((s) => {
                const x = f.rows.find((y) => y.tier === tier && y.step === s);
                return h('td', { class: 'num' }, x ? percent(x.share) : '–');
              }),
            ),
          ),
        ),
      ),
    ),
  ];
}
