import { effortSentence, leakageSentence } from '../../core/audit/headline-text.js';
import { costHeadline } from '../../core/audit/net-cost.js';
import { empty, esc, int, money, section, table } from '../html.js';
import type { ReportModel } from '../report-model.js';

/** The bad-fit customers the audit found, worst net value first, named where the data name them. */
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
    b.name ? `${esc(b.name)}<br><small>${esc(b.accountId)}</small>` : esc(b.accountId),
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
    `<p>A bad fit here is a customer with ${esc(badFit.criterion)}: ${esc(int(badFit.count))} customers, costing ${esc(money(badFit.supportCost, c))} to serve, net value ${esc(money(badFit.netValue, c))}. The ${badFit.top.length} worst by net value (amounts in ${esc(c)}):</p>
${table(['Account', 'Tier', 'Revenue', 'Cost to serve', 'Net value', 'Churned', 'Why'], rows, { num: [2, 3, 4] })}`,
  );
}

/** The cost of poor fit, net, with its definition, formula and parts; leakage; the signals. */
export function alignmentSection(model: ReportModel): string {
  const { audit, currency } = model;
  const cost = audit.costOfPoorFit;
  const h = costHeadline(cost, currency);
  const parts = cost.parts.map((p) => [
    esc(p.part),
    esc(money(p.amount, currency)),
    esc(p.formula),
  ]);
  const body: string[] = [];
  if (!audit.profile.reliable) body.push(`<p>${esc(`${audit.profile.reason}.`)}</p>`);
  else {
    body.push(
      `<p><strong>${esc(`Cost of poor fit: ${h.value}.`)}</strong> ${esc(h.sentence)}</p>`,
      `<p>${esc(cost.definition)}</p>`,
    );
    if (cost.amount !== null) {
      body.push(
        `<p>${esc(`= ${cost.formula}`)}</p>`,
        table(['Part', 'Amount', 'How it is computed'], parts, { num: [1] }),
      );
    }
    if (audit.leakage) body.push(`<p>${esc(leakageSentence(audit.leakage, currency))}</p>`);
    if (audit.effortOutside) body.push(`<p>${esc(effortSentence(audit.effortOutside))}</p>`);
  }
  const signals = audit.signals.map(
    (s) =>
      `<li class="${s.seen ? 'seen' : 'not-seen'}"><strong>${s.seen ? 'Seen' : 'Not seen'}: ${esc(s.signal)}.</strong> ${esc(s.evidence)}</li>`,
  );
  return section(
    'alignment',
    'Cost of poor fit and misalignment signals',
    `${body.join('\n')}
<h3>Misalignment signals${audit.profile.reliable ? '' : ' (on exploratory tiers: for reference only)'}</h3>
${signals.length > 0 ? `<ul class="signals">${signals.join('\n')}</ul>` : empty('No signal could be measured.')}`,
  );
}

/** Implausible values, load warnings, attributes left out and discovery's findings. */
export function dataQualitySection(model: ReportModel): string {
  const { icp, dataWarnings } = model;
  const shown = dataWarnings.slice(0, 20);
  const checks =
    model.audit.warnings.length > 0
      ? `<h3>Values to check</h3><ul>${model.audit.warnings.map((w) => `<li>${esc(`${w.charAt(0).toUpperCase()}${w.slice(1)}.`)}</li>`).join('\n')}</ul>`
      : '';
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
    `${checks}
<h3>Warnings while loading</h3>
${warnings}
${excluded}
${findings}`,
  );
}
