import { call } from './api.js';
import { h, saveBlob } from './dom.js';
import { count } from './format.js';
import type { Tier } from '../../src/core/icp/tiers.js';

interface UploadSummary {
  readonly rows: number;
  readonly tiers: Record<Tier, number>;
  readonly disqualified: number;
  readonly nearMiss: number;
}

/** Upload a CSV, score it on the server (POST /api/score-csv), download the scored file. */
export function scoreUpload(maxBytes: number): HTMLElement {
  const file = h('input', {
    id: 'upload-file',
    type: 'file',
    accept: '.csv,text/csv',
    required: true,
  });
  const result = h('div', { id: 'upload-result', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { id: 'upload-form', class: 'toolbar' },
    h('label', { for: 'upload-file' }, 'CSV with a header row'),
    file,
    h('button', { type: 'submit' }, 'Score the file'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return;
    result.replaceChildren(`Scoring ${chosen.name}…`);
    call('/api/score-csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: chosen,
    })
      .then(async (res) => {
        const summary = JSON.parse(res.headers.get('x-icp-summary') ?? '{}') as UploadSummary;
        const blob = await res.blob();
        const name = `${chosen.name.replace(/\.csv$/i, '')}-scored.csv`;
        result.replaceChildren(
          h(
            'p',
            { class: 'verdict' },
            `${count(summary.rows)} rows scored: A ${count(summary.tiers.A)}, B ${count(summary.tiers.B)}, C ${count(summary.tiers.C)}, D ${count(summary.tiers.D)}, unknown ${count(summary.tiers.unknown)}; ${count(summary.disqualified)} disqualified, ${count(summary.nearMiss)} near misses.`,
          ),
          h(
            'button',
            { type: 'button', id: 'upload-download', onclick: () => saveBlob(blob, name) },
            `Download ${name}`,
          ),
        );
      })
      .catch((error: Error) => result.replaceChildren(h('p', { class: 'error' }, error.message)));
  });
  return h(
    'section',
    { id: 'upload', class: 'card' },
    h('h2', {}, 'Score a CSV'),
    h(
      'p',
      { class: 'note' },
      `Every column is kept except the file's own icp_* columns, which the new scores replace; icp_score, icp_probability, icp_tier, icp_coverage, icp_reasons, icp_disqualified, icp_near_miss and icp_missing are added, as icp score does. Files up to ${count(maxBytes / 1_048_576)} MiB; for larger ones use icp score.`,
    ),
    form,
    result,
  );
}
