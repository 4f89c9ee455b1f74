import { call } from './api.js';
import { h } from './dom.js';

/**
 * The report `icp report` writes, from /api/report, in a frame of its own so its styles and
 * the dashboard's do not mix. It has no script; the frame runs none either.
 */
export function reportCard(): HTMLElement {
  const frame = h('iframe', {
    id: 'report-frame',
    title: 'The ICP report',
    sandbox: 'allow-same-origin',
  });
  const status = h('p', { class: 'status' }, 'Loading the report…');
  frame.addEventListener('load', () => {
    const doc = frame.contentDocument;
    if (doc?.body?.childElementCount) {
      // Sized to its content: one scroll bar, the page's.
      frame.style.height = `${doc.documentElement.scrollHeight + 20}px`;
      status.remove();
    }
  });
  call('/api/report')
    .then(async (res) => {
      frame.srcdoc = await res.text();
    })
    .catch((error: Error) => {
      status.textContent = error.message;
    });
  return h('section', { id: 'report', class: 'card' }, h('h2', {}, 'Report'), status, frame);
}
