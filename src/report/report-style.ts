/**
 * The report's whole stylesheet, inlined so the file needs nothing else: system fonts only,
 * one column on a phone, charts scaled to the width, tables scrolling sideways when wide, and
 * print rules that keep a chart or a table row on one page.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #24292f; --muted: #57606a; --line: #d0d7de; --soft: #f6f8fa; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 16px; }
header { border-bottom: 2px solid var(--fg); margin-bottom: 8px; }
h1 { font-size: 1.6rem; margin: 8px 0 4px; }
h2 { font-size: 1.25rem; margin: 32px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 20px 0 6px; }
.meta { color: var(--muted); margin: 0 0 12px; font-size: 0.9rem; }
nav ul { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.9rem; }
a { color: #0969da; }
.lead { font-size: 1.05rem; max-width: 75ch; }
.answer { font-size: 1.15rem; font-weight: 600; max-width: 80ch; margin: 8px 0 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 10px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: var(--soft); }
.card-label { font-size: 0.85rem; color: var(--muted); font-weight: 600; }
.card-value { font-size: 1.5rem; font-weight: 700; margin: 2px 0; }
.check { border-left: 3px solid #9a6700; padding: 4px 10px; background: #fff8c5; max-width: 100ch; }
.card-meaning { font-size: 0.85rem; margin: 2px 0 4px; }
.card-detail { font-size: 0.75rem; color: var(--muted); }
td small { color: var(--muted); font-size: 0.75rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 480px), 1fr)); gap: 16px; align-items: start; }
figure.chart { margin: 12px 0; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.8rem; color: var(--muted); margin-top: 4px; }
.table-wrap { overflow-x: auto; margin: 8px 0 12px; }
table { border-collapse: collapse; font-size: 0.85rem; min-width: 50%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--soft); border-bottom: 2px solid var(--line); }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.scorecard tr.group-start th, table.scorecard tr.group-start td { border-top: 2px solid var(--line); }
.na { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
ul.signals li.seen { color: #cf222e; }
footer { margin-top: 32px; color: var(--muted); font-size: 0.8rem; border-top: 1px solid var(--line); padding-top: 8px; }
@media (max-width: 600px) {
  body { font-size: 14px; }
  main { padding: 10px; }
  h1 { font-size: 1.3rem; }
  .answer { font-size: 1.02rem; }
  nav { display: none; }
}
@media print {
  @page { size: A4; margin: 14mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  figure.chart, .card, tr { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  .grid { display: block; }
}
`;
