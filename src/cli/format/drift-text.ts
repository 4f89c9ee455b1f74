import type { DriftResult } from '../../pipeline/drift/drift.js';
import { RANKED_TIERS } from '../../core/icp/tiers.js';
import { percent } from '../../core/format/percent.js';

const n = (x: number) => x.toLocaleString('en-US');

/** Drift in words: the verdict first, then one line per window, then what moved. */
export function formatDrift(r: DriftResult): string {
  const out = [
    `Drift of ICP ${r.icp}: ${r.verdict.toUpperCase()}. ${r.action[0]?.toUpperCase()}${r.action.slice(1)}.`,
    ...r.reasons.map((x) => `  ${x}`),
    '',
    `Outcome: ${r.target} (per ${r.unit}).`,
    'window                    new accounts  tiers A/B/C/D     mix PSI  max PSI  units  positives  AUC (95% CI)         A-B capture',
  ];
  for (const w of r.windows) {
    const maxShift = w.shifts.reduce((m, s) => Math.max(m, s.psi), 0);
    out.push(
      [
        `${w.from} to ${w.until}`.padEnd(25),
        n(w.arrivals).padStart(12),
        ` ${RANKED_TIERS.map((t) => percent(w.tierMix[t]))
          .join('/')
          .padEnd(16)}`,
        w.tierMixPsi.toFixed(3).padStart(8),
        maxShift.toFixed(3).padStart(8),
        n(w.units).padStart(6),
        n(w.positives).padStart(10),
        ` ${(w.auc ? `${w.auc.auc.toFixed(3)} (${w.auc.lo.toFixed(2)}-${w.auc.hi.toFixed(2)})` : 'n/a').padEnd(20)}`,
        percent(w.capturedAB).padStart(12),
        w.rankingFell ? '  ranking fell' : '',
      ].join(' '),
    );
  }
  const segments = r.windows.flatMap((w) => w.segments.map((s) => ({ w, s })));
  out.push('', 'Segments that changed (false-discovery rate 5% over every bin of every window):');
  if (segments.length === 0) out.push('  none.');
  for (const { w, s } of segments)
    out.push(
      `  ${w.from}: ${s.attribute} = ${s.bin} ${s.kind === 'emerging' ? 'EMERGING' : 'STOPPED PERFORMING'}: ${percent(s.now.rate)} (${percent(s.now.lo)}-${percent(s.now.hi)}, n=${n(s.now.n)}) against ${percent(s.before.rate)} (n=${n(s.before.n)}) ${r.baseline.replace(/ \([\d,]+ units\)$/, '')} (q ${s.q.toFixed(4)}).`,
    );
  const last = r.windows[r.windows.length - 1];
  if (last) {
    out.push('', `What moved most in the last window (${last.from} to ${last.until}), by PSI:`);
    for (const s of [...last.shifts].sort((a, b) => b.psi - a.psi).slice(0, 5))
      out.push(
        `  ${s.attribute}: PSI ${s.psi.toFixed(3)} (${s.reading}); ${s.moved.map((m) => `${m.bin} ${percent(m.before)} -> ${percent(m.now)}`).join(', ')}`,
      );
  }
  return `${out.join('\n')}\n`;
}
