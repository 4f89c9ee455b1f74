import type { IcpDefinition } from '../../core/icp/definition.js';
import { verdictReason } from '../../core/icp/verdict-reason.js';
import { percent } from '../../core/format/percent.js';

const n = (x: number) => x.toLocaleString('en-US');

/** The discovered ICP in a few plain paragraphs for a terminal. */
export function formatIcp(icp: IcpDefinition): string {
  const t = icp.target;
  const out: string[] = [];
  out.push(`Target: ${t.definition}.`);
  out.push(
    `${n(t.positives)} of ${n(t.eligible)} (${percent(t.base_rate, 'small')}) are positive.`,
    '',
  );
  if (icp.verdict.kind === 'no_signal' || icp.verdict.kind === 'insufficient') {
    out.push(`No reliable profile: ${verdictReason(icp.verdict)}.`);
  } else if (icp.scorecard && icp.validation) {
    const v = icp.validation;
    out.push(
      `Scorecard over ${icp.scorecard.attributes.length} attributes; cross-validated AUC ${v.auc.toFixed(2)} (95% interval ${v.auc_interval.lo.toFixed(2)} to ${v.auc_interval.hi.toFixed(2)}).`,
      `Tiers A and B hold ${percent(v.share_ab, 'small')} of the rows and ${percent(v.positives_captured_ab, 'small')} of the positives; rate in A ${percent(v.rate_a, 'small')} against ${percent(v.rate_d, 'small')} in D.`,
    );
  } else {
    out.push(`Descriptive only: ${icp.verdict.reason}.`);
  }
  const strongest = icp.evidence.filter((e) => e.selected).slice(0, 5);
  if (strongest.length > 0) {
    out.push('', 'Strongest evidence (information value):');
    for (const e of strongest) {
      const best = [...e.bins].filter((b) => b.count > 0).sort((a, b) => b.lift - a.lift)[0];
      out.push(
        `  ${e.attribute} (${e.information_value.toFixed(2)})${best ? `: best ${best.label}, ${percent(best.rate, 'small')} positive, lift ${best.lift.toFixed(1)}` : ''}`,
      );
    }
  }
  if (icp.segments.length > 0) {
    out.push('', 'Segments:');
    for (const s of icp.segments.slice(0, 5))
      out.push(
        `  ${s.label}: ${n(s.count)} rows, ${percent(s.rate, 'small')} positive (${percent(s.interval.lo, 'small')} to ${percent(s.interval.hi, 'small')}), lift ${s.lift.toFixed(1)}`,
      );
  }
  if (icp.anti_segments.length > 0) {
    out.push('', 'Anti-ICP (where value goes bad):');
    for (const s of icp.anti_segments.slice(0, 5))
      out.push(
        `  ${s.label}: ${n(s.count)} rows, ${percent(s.rate, 'small')} bad (${percent(s.interval.lo, 'small')} to ${percent(s.interval.hi, 'small')})`,
      );
  }
  if (icp.findings.length > 0) out.push('', ...icp.findings);
  if (icp.excluded.length > 0) {
    out.push('', 'Left out:');
    for (const x of icp.excluded) out.push(`  ${x.attribute}: ${x.reason}`);
  }
  return `${out.join('\n')}\n`;
}
