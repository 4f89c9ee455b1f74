import type { RateWithInterval } from '../core/stats/rate.js';
import { percent } from '../core/format/percent.js';
/** Small helpers for writing HTML as strings, escaped by default. */

/** Escapes text for an HTML element body or a quoted attribute. */
export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The report's percent: 1 decimal under 10%, none above (`percent`, the one text formatter). */
export function pct(x: number): string {
  return percent(x, 'small');
}

/** A whole number with thousands separators. */
export function int(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

/** An amount of money, rounded to whole units, with the currency code. */
export function money(x: number, currency: string): string {
  return `${int(x)} ${currency}`;
}

/** A rounded amount for a headline card: 49.8M USD, 344k USD, 950 USD. */
export function shortMoney(x: number, currency: string): string {
  const a = Math.abs(x);
  const short =
    a >= 1e9
      ? `${(x / 1e9).toFixed(1)}G`
      : a >= 1e6
        ? `${(x / 1e6).toFixed(1)}M`
        : a >= 1e4
          ? `${Math.round(x / 1e3)}k`
          : int(x);
  return `${short} ${currency}`;
}

/** A rate with its 95% interval and n: `47% (40%-54%, n=211)`. */
export function rateText(r: RateWithInterval): string {
  return `${pct(r.rate)} (${pct(r.lo)}–${pct(r.hi)}, n=${int(r.n)})`;
}

/** One table: headers and rows of already-escaped cell HTML; `num` marks right-aligned columns. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: { num?: readonly number[]; caption?: string } = {},
): string {
  const { num = [], caption } = options;
  const cls = (i: number) => (num.includes(i) ? ' class="num"' : '');
  const head = headers.map((h, i) => `<th scope="col"${cls(i)}>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody></table></div>`;
}

/** A section with an id, a heading and a body of HTML. */
export function section(id: string, heading: string, body: string): string {
  return `<section id="${esc(id)}">
<h2>${esc(heading)}</h2>
${body}
</section>`;
}

/** The one sentence a section shows when it has nothing to show, saying why. */
export function empty(why: string): string {
  return `<p class="empty">${esc(why)}</p>`;
}

/** A chart: the rendered SVG in a figure with a caption. */
export function figure(id: string, svg: string, caption: string): string {
  return `<figure class="chart" id="${esc(id)}">
${svg}
<figcaption>${esc(caption)}</figcaption>
</figure>`;
}
