import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Settings every chart shares, so the report reads as one document. */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif',
  background: 'white',
  view: { stroke: '#d0d7de' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600, gridColor: '#eef1f4' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 600 },
  title: { fontSize: 14, fontWeight: 600, anchor: 'start' },
} as const;

/**
 * Renders a Vega-Lite spec to an SVG string in Node, without a DOM or the native `canvas`
 * package (Vega then estimates text widths from character counts, which is deterministic).
 * `key` names the chart: element ids in the SVG are renamed `<key>-<n>` in order of appearance,
 * so two charts on one page never share an id and the same data gives the same bytes whatever
 * else the process rendered before (Vega numbers clip paths and gradients with a global counter).
 * `label` becomes the SVG's accessible name.
 *
 * @example await renderChart('lift-industry', 'Lift by industry', spec)
 */
export async function renderChart(key: string, label: string, spec: TopLevelSpec): Promise<string> {
  const { spec: vega } = compile({
    ...spec,
    config: { ...CONFIG, ...spec.config },
  } as TopLevelSpec);
  const view = new View(parse(vega), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return labelSvg(stableIds(svg, key), label);
  } finally {
    view.finalize();
  }
}

/** Renames every id (and each reference to it) to `<key>-<n>`, numbered in order of appearance. */
export function stableIds(svg: string, key: string): string {
  const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] as string);
  const renamed = new Map(ids.map((id, i) => [id, `${key}-${i + 1}`]));
  if (renamed.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) => {
    const to = renamed.get(id);
    return to === undefined ? whole : `${lead}${to}`;
  });
}

/** Gives the root <svg> an accessible name: role="img" and aria-label. */
function labelSvg(svg: string, label: string): string {
  const escaped = label.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return svg.replace(/^<svg /, `<svg role="img" aria-label="${escaped}" `);
}
