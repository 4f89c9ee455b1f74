import { call, type IcpDefinition, type RecordScore } from './api.js';
import { h } from './dom.js';
import { percent } from './format.js';

/**
 * A form with one field per scorecard attribute (categories offered as suggestions, numbers
 * with the training range as a hint) that scores the lead with POST /v1/score and shows its
 * tier, score, probability and the points of each attribute.
 */
export function scoreForm(icp: IcpDefinition): HTMLElement {
  const attributes = icp.scorecard?.attributes ?? [];
  const result = h('div', { id: 'score-result', role: 'status', 'aria-live': 'polite' });
  const fields = attributes.map((a, i) => {
    const id = `lead-${i}`;
    // The values are stored normalised (lower case); the label keeps the data's spelling.
    const categories = a.bins.flatMap((b) => {
      if (b.bin.kind !== 'categories') return [];
      const shown = b.bin.label.split(', ');
      return shown.length === b.bin.values.length ? shown : b.bin.values;
    });
    const input =
      a.kind === 'numeric'
        ? h('input', {
            id,
            name: a.name,
            type: 'text',
            inputmode: 'decimal',
            placeholder: a.range ? `${a.range.min} to ${a.range.max}` : 'a number',
          })
        : h('input', {
            id,
            name: a.name,
            type: 'text',
            list: `${id}-list`,
            placeholder: categories.slice(0, 3).join(', '),
          });
    return h(
      'div',
      { class: 'field' },
      h('label', { for: id }, a.name),
      input,
      a.kind === 'categorical'
        ? h(
            'datalist',
            { id: `${id}-list` },
            categories.map((c) => h('option', { value: c })),
          )
        : null,
    );
  });
  const form = h(
    'form',
    { id: 'score-form', class: 'fields' },
    fields,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Score this lead')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const record: Record<string, string> = {};
    for (const [k, v] of new FormData(form))
      if (typeof v === 'string' && v.trim()) record[k] = v.trim();
    result.replaceChildren('Scoring…');
    call('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(record),
    })
      .then(async (res) => result.replaceChildren(scoreResult((await res.json()) as RecordScore)))
      .catch((error: Error) => result.replaceChildren(h('p', { class: 'error' }, error.message)));
  });
  return h(
    'section',
    { id: 'score', class: 'card' },
    h('h2', {}, 'Score a lead'),
    attributes.length === 0
      ? h('p', {}, 'This ICP has no scorecard, so it cannot score.')
      : h(
          'p',
          { class: 'note' },
          'Fill in what you know; an empty field scores in its attribute’s “missing” bin, and a lead with too little filled in gets tier “unknown”.',
        ),
    attributes.length === 0 ? null : form,
    result,
  );
}

function scoreResult(s: RecordScore): HTMLElement {
  const tier = s.disqualified ? 'disqualified' : s.tier;
  return h(
    'div',
    { class: 'result' },
    h(
      'p',
      { class: 'verdict' },
      h(
        'span',
        { class: `tier tier-${tier}`, 'data-tier': s.tier },
        s.disqualified ? 'D (disqualified)' : s.tier,
      ),
      ` ${s.score.toFixed(1)} points, probability ${percent(s.probability)}, ${percent(s.coverage)} of the scorecard known`,
      s.nearMiss ? h('span', { class: 'note' }, ` Near miss: ${s.nearMiss}`) : null,
    ),
    s.unknownReason
      ? h('p', { class: 'note', id: 'score-unknown' }, `Tier unknown: ${s.unknownReason}.`)
      : null,
    s.warnings.length > 0
      ? h('p', { class: 'error' }, s.warnings.map((w) => w.message).join('; '))
      : null,
    s.topPositive.length + s.topNegative.length > 0
      ? h(
          'ul',
          { class: 'reasons', id: 'score-reasons' },
          [...s.topPositive, ...s.topNegative].map((r) =>
            h('li', { class: r.versusAverage >= 0 ? 'up' : 'down' }, r.text),
          ),
        )
      : null,
    s.rulesHit.length > 0
      ? h('p', { class: 'error' }, `Rules hit: ${s.rulesHit.join('; ')}`)
      : null,
    s.missing.length > 0 ? h('p', { class: 'note' }, `Missing: ${s.missing.join(', ')}`) : null,
    h(
      'table',
      { class: 'reasons-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Attribute'),
          h('th', { scope: 'col' }, 'Value'),
          h('th', { scope: 'col' }, 'Bin'),
          h('th', { scope: 'col', class: 'num' }, 'Points'),
          h('th', { scope: 'col', class: 'num' }, 'Against average'),
        ),
      ),
      h(
        'tbody',
        {},
        s.reasons.map((r) =>
          h(
            'tr',
            { class: r.versusAverage >= 0 ? 'up' : 'down' },
            h('td', {}, r.attribute),
            h('td', {}, r.value || '–'),
            h('td', {}, r.bin),
            h('td', { class: 'num' }, r.points.toFixed(1)),
            h(
              'td',
              { class: 'num' },
              `${r.versusAverage >= 0 ? '+' : ''}${r.versusAverage.toFixed(1)}`,
            ),
          ),
        ),
      ),
    ),
  );
}
