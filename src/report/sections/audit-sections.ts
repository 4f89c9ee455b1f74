import { empty, esc, int, money, section, table } from '../html.js';
import type { ReportModel } from '../report-model.js';

/** The bad-fit customers the audit found, worst net value first. */
export function badFitSection(model: ReportModel): string {
  const { badFit } = model.audit;
  const c = model.currency;
  if (badFit.top.length === 0) {
    return section(
      'bad-fit',
      'Bad-fit customers',
      empty(
        badFit.criterion.startsWith('not measurable')
          ? `Bad fit is ${badFit.criterion}.`
          : `No customer is a bad fit (${badFit.criterion}).`,
      ),
    );
  }
  const rows = badFit.top.map((b) => [
    esc(b.accountId),
    esc(b.tier),
    esc(int(b.revenue)),
    esc(int(b.costToServe)),
    esc(int(b.netValue)),
    b.churned === null ? '<span class="na">n/a</span>' : b.churned ? 'yes' : 'no',
    esc(b.why),
  ]);
  return section(
    'bad-fit',
    'Bad-fit customers',
    `<p>A bad fit here is a customer with ${esc(badFit.criterion)}: ${esc(int(badFit.count))} customers, costing ${esc(money(badFit.supportCost, c))} to serve, net value ${esc(money(badFit.netValue, c))}. The ${badFit.top.length} worst by net value:</p>
${table(['Account', 'Tier', `Revenue (${c})`, `Cost to serve (${c})`, `Net value (${c})`, 'Churned', 'Why'], rows, { num: [2, 3, 4] })}`,
  );
}

/** The cost of poor fit with formulas, and the misalignment signals, seen or not. */
export function alignmentSection(model: ReportModel): string {
  const { audit, currency } = model;
  const costs = audit.costOfPoorFit.map((p) => [
    esc(p.part),
    p.amount === null
      ? '<span class="na">n/a</span>'
      : esc(p.unit === 'money' ? money(p.amount, currency) : `${int(p.amount)} days`),
    esc(p.formula),
  ]);
  const signals = audit.signals.map(
    (s) =>
      `<li class="${s.seen ? 'seen' : 'not-seen'}"><strong>${s.seen ? 'Seen' : 'Not seen'}: ${esc(s.signal)}.</strong> ${esc(s.evidence)}</li>`,
  );
  return section(
    'alignment',
    'Cost of poor fit and misalignment signals',
    `${table(['Part', 'Amount', 'How it is computed'], costs, { num: [1] })}
<h3>Misalignment signals</h3>
${signals.length > 0 ? `<ul class="signals">${signals.join('\n')}</ul>` : empty('No signal could be measured.')}`,
  );
}

/** Load warnings, attributes left out and discovery's findings. */
export function dataQualitySection(model: ReportModel): string {
  const { icp, dataWarnings } = model;
  const shown = dataWarnings.slice(0, 20);
  const warnings =
    shown.length > 0
      ? `<ul>${shown.map((w) => `<li>${esc(w)}</li>`).join('\n')}</ul>${
          dataWarnings.length > shown.length
            ? `<p>and ${dataWarnings.length - shown.length} more (run <code>icp check</code> for all).</p>`
            : ''
        }`
      : '<p>No warnings while loading the data.</p>';
  const excluded =
    icp.excluded.length > 0
      ? `<h3>Attributes left out</h3><ul>${icp.excluded.map((x) => `<li>${esc(x.attribute)}: ${esc(x.reason)}</li>`).join('\n')}</ul>`
      : '';
  const findings =
    icp.findings.length > 0
      ? `<h3>Findings</h3><ul>${icp.findings.map((f) => `<li>${esc(f)}</li>`).join('\n')}</ul>`
      : '';
  return section(
    'data-quality',
    'Data quality and warnings',
    `<h3>Warnings while loading</h3>
${warnings}
${excluded}
${findings}`,
  );
}
