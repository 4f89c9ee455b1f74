import { esc } from './html.js';
import type { ReportModel } from './report-model.js';
import { REPORT_CSS } from './report-style.js';
import { alignmentSection, badFitSection, dataQualitySection } from './sections/audit-sections.js';
import { backtestSection } from './sections/backtest-section.js';
import { driftSection } from './sections/drift-section.js';
import { qualitySection } from './sections/quality-section.js';
import { glanceSection } from './sections/glance-section.js';
import { overviewSection, wordsSection } from './sections/overview-section.js';
import { liftSection, scorecardSection } from './sections/scorecard-section.js';
import { personasSection, segmentsSection } from './sections/segments-section.js';
import { tiersSection } from './sections/tiers-section.js';
import { vocSection } from './sections/voc-section.js';

const CONTENTS = [
  ['summary', 'Answer'],
  ['glance', 'At a glance'],
  ['words', 'In words'],
  ['scorecard', 'Scorecard'],
  ['lift', 'Lift'],
  ['tiers', 'Tiers'],
  ['quality', 'Model quality'],
  ['segments', 'Segments'],
  ['personas', 'Personas'],
  ['bad-fit', 'Bad fit'],
  ['alignment', 'Cost of poor fit'],
  ['voc', 'Voice of the customer'],
  ['backtest', 'Backtest'],
  ['drift', 'Drift'],
  ['data-quality', 'Data quality'],
] as const;

/**
 * Renders the report as one self-contained HTML document: inline CSS, charts as inline SVG
 * rendered here, no script and nothing fetched when it is opened. The same model gives the
 * same bytes (no clock, no random ids).
 *
 * @example await writeFile('report.html', await renderReport(model))
 */
export async function renderReport(model: ReportModel): Promise<string> {
  const { icp, audit } = model;
  const title = `ICP report${model.name ? `: ${model.name}` : ''}`;
  const glance = await glanceSection(model);
  const sections = [
    overviewSection(model),
    glance.html,
    wordsSection(model),
    scorecardSection(icp),
    await liftSection(icp, glance.lifts),
    tiersSection(model),
    await qualitySection(model),
    segmentsSection(icp),
    personasSection(icp, model.tables),
    badFitSection(model),
    alignmentSection(model),
    await vocSection(audit.voc),
    await backtestSection(model),
    await driftSection(model),
    dataQualitySection(model),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(icp.provenance.engine)}">
<title>${esc(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${esc(title)}</h1>
<p class="meta">ICP ${esc(icp.id)} (${esc(icp.name)}), ${audit.asOf === null ? 'no dated record in the data' : `data as of ${esc(audit.asOf)}`}; target: ${esc(icp.target.kind)}; verdict: ${esc(icp.verdict.kind)}.</p>
<nav aria-label="Contents"><ul>${CONTENTS.map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`).join('')}</ul></nav>
</header>
${sections.join('\n')}
<footer>Made by ${esc(icp.provenance.engine)} from ICP ${esc(icp.id)}. Every number here can be recomputed with <code>icp audit</code> and <code>icp discover</code>; see docs/report.md for where each comes from.</footer>
</main>
</body>
</html>
`;
}
