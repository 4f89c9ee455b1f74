import type { IcpDefinition, Summary } from './api.js';
import type { Selection } from './accounts-view.js';
import { h } from './dom.js';
import { count, money, percent, rate } from './format.js';

const TIER_LABEL: Record<string, string> = {
  A: 'A',
  B: 'B',
  C: 'C',
  D: 'D',
  unknown: 'Unknown',
  disqualified: 'Disqualified',
};

/** The ICP from icp.json: target, verdict, tier thresholds and the scorecard's attributes. */
export function icpCard(icp: IcpDefinition): HTMLElement {
  const card = icp.scorecard;
  return h(
    'section',
    { id: 'icp', class: 'card' },
    h('h2', {}, 'The ICP'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Name'),
      h('dd', {}, `${icp.name} (${icp.id})`),
      h('dt', {}, 'Target'),
      h('dd', {}, icp.target.definition),
      h('dt', {}, 'Verdict'),
      h('dd', {}, `${icp.verdict.kind}: ${icp.verdict.reason}`),
      icp.tiers ? h('dt', {}, 'Tiers') : null,
      icp.tiers
        ? h(
            'dd',
            {},
            `A from ${icp.tiers.A.toFixed(1)} points, B from ${icp.tiers.B.toFixed(1)}, C from ${icp.tiers.C.toFixed(1)}, D below`,
          )
        : null,
    ),
    card
      ? h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'Attribute'),
                h('th', { scope: 'col' }, 'Best bin'),
                h('th', { scope: 'col', class: 'num' }, 'Points (most)'),
              ),
            ),
            h(
              'tbody',
              {},
              card.attributes.map((a) => {
                const best = a.bins.reduce((x, y) => (y.points > x.points ? y : x));
                return h(
                  'tr',
                  {},
                  h('td', {}, a.name),
                  h('td', {}, best.bin.label),
                  h('td', { class: 'num' }, best.points.toFixed(1)),
                );
              }),
            ),
          ),
        )
      : h('p', {}, 'This ICP has no scorecard, so it cannot score.'),
  );
}

/** Accounts and outcomes per tier; a click on a row lists its accounts. */
export function tiersCard(summary: Summary, open: (s: Selection) => void): HTMLElement {
  const { currency } = summary;
  return h(
    'section',
    { id: 'tiers', class: 'card' },
    h('h2', {}, 'Tiers'),
    h(
      'p',
      { class: 'note' },
      `${count(summary.accounts)} accounts, data as of ${summary.asOf}. Tiers: ${summary.tierSource.method} (${summary.tierSource.note}). Click a tier to see its accounts.`,
    ),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { class: 'clickable' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [
              'Tier',
              'Accounts',
              'Customers',
              'Win rate (95% interval)',
              'Churn (95% interval)',
              'Net value / month',
            ].map((t, i) => h('th', { scope: 'col', class: i > 0 ? 'num' : undefined }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          summary.tiers.map((t) =>
            h(
              'tr',
              { 'data-tier': t.tier },
              h(
                'th',
                { scope: 'row' },
                h(
                  'button',
                  {
                    type: 'button',
                    class: `tier tier-${t.tier}`,
                    onclick: () =>
                      open({ tier: t.tier, title: `Accounts in tier ${TIER_LABEL[t.tier]}` }),
                  },
                  TIER_LABEL[t.tier],
                ),
              ),
              h('td', { class: 'num' }, count(t.accounts)),
              h('td', { class: 'num' }, count(t.customers)),
              h('td', { class: 'num' }, rate(t.winRate)),
              h('td', { class: 'num' }, rate(t.churnRate)),
              h(
                'td',
                { class: 'num' },
                t.netValuePerMonth === null ? '–' : money(t.netValuePerMonth, currency),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Segments and anti-segments of the ICP; a click lists the accounts in one. */
export function segmentsCard(summary: Summary, open: (s: Selection) => void): HTMLElement {
  if (summary.segments.length === 0)
    return h(
      'section',
      { id: 'segments', class: 'card' },
      h('h2', {}, 'Segments and the anti-ICP'),
      h('p', {}, 'Discovery found no segment and no anti-segment clear enough to name.'),
    );
  return h(
    'section',
    { id: 'segments', class: 'card' },
    h('h2', {}, 'Segments and the anti-ICP'),
    h(
      'p',
      { class: 'note' },
      'Rate and lift as discovery measured them; accounts: how many accounts in these data meet every condition. Click one to see them.',
    ),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { class: 'clickable' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, 'Segment'),
            h('th', { scope: 'col' }, 'Kind'),
            h('th', { scope: 'col', class: 'num' }, 'Rate'),
            h('th', { scope: 'col', class: 'num' }, 'Lift'),
            h('th', { scope: 'col', class: 'num' }, 'Accounts'),
          ),
        ),
        h(
          'tbody',
          {},
          summary.segments.map((s) =>
            h(
              'tr',
              { 'data-segment': s.id, class: s.kind },
              h(
                'th',
                { scope: 'row' },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'link',
                    onclick: () =>
                      open({
                        segment: s.id,
                        title: `Accounts in ${s.kind === 'segment' ? 'segment' : 'anti-segment'} ${s.label}`,
                      }),
                  },
                  s.label,
                ),
              ),
              h('td', {}, s.kind === 'segment' ? 'ICP segment' : 'anti-ICP'),
              h('td', { class: 'num' }, percent(s.rate)),
              h('td', { class: 'num' }, `${s.lift.toFixed(2)}×`),
              h('td', { class: 'num' }, count(s.accounts)),
            ),
          ),
        ),
      ),
    ),
  );
}
