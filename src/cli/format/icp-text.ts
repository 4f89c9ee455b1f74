import type { IcpDefinition } from '../../core/icp/definition.js';

const pct = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
const n = (x: number) => x.toLocaleString('en-US');

/** The discovered ICP in a few plain paragraphs for a terminal. */
export function formatIcp(icp: IcpDefinition): string {
  const t = icp.target;
  const out: string[] = [];
  out.push(`Target: ${t.definition}.`);
  out.push(`${n(t.positives)} of ${n(t.eligible)} (${pct(t.base_rate)}) are positive.`, '');
  if (icp.verdict.kind === 'no_signal' || icp.verdict.kind === 'insufficient') {
    out.push(`No reliable profile: ${icp.verdict.reason}.`);
  } else if (icp.scorecard && icp.validation) {
    const v = icp.validation;
    out.push(
      `Scorecard over ${icp.scorecard.attributes.length} attributes; cross-validated AUC ${v.auc.toFixed(2)} (95% interval ${v.auc_interval.lo.toFixed(2)} to ${v.auc_interval.hi.toFixed(2)}).`,
      `Tiers A and B hold ${pct(v.share_ab)} of the rows and ${pct(v.positives_captured_ab)} of the positives; rate in A ${pct(v.rate_a)} against ${pct(v.rate_d)} in D.`,
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
        `  ${e.attribute} (${e.information_value.toFixed(2)})${best ? `: best ${best.label}, ${pct(best.rate)} positive, lift ${best.lift.toFixed(1)}` : ''}`,
      );
    }
  }
  if (icp.segments.length > 0) {
    out.push('', 'Segments:');
    for (const s of icp.segments.slice(0, 5))
      out.push(
        `  ${s.label}: ${n(s.count)} rows, ${pct(s.rate)} positive (${pct(s.interval.lo)} to ${pct(s.interval.hi)}), lift ${s.lift.toFixed(1)}`,
      );
  }
  if (icp.anti_segments.length > 0) {
    out.push('', 'Anti-ICP (where value goes bad):');
    for (const s of icp.anti_segments.slice(0, 5))
      out.push(
        `  ${s.label}: ${n(s.count)} rows, ${pct(s.rate)} bad (${pct(s.interval.lo)} to ${pct(s.interval.hi)})`,
      );
  }
  if (icp.findings.length > 0) out.push('', ...icp.findings);
  if (icp.excluded.length > 0) {
    out.push('', 'Left out:');
    for (const x of icp.excluded) out.push(`  ${x.attribute}: ${x.reason}`);
  }
  return `${out.join('\n')}\n`;
}
