import type { Measure, Share, VerifyResult } from '../../pipeline/verify/verify.js';
import { percent } from '../../core/format/percent.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const share = (s: Share | null) =>
  s ? `${percent(s.rate)} (${percent(s.lo)}-${percent(s.hi)})` : 'n/a';

function measureLines(m: Measure): string[] {
  const lines = [
    `${m.label}: matches ${percent(m.coverage)} of accounts and ${percent(m.coverageEligible)} of customers; precision ${share(m.precision)}, recall ${share(m.recall)}, lift ${m.lift === null ? 'n/a' : `${m.lift.toFixed(2)}x`}.`,
    '  group       accounts  customers  ideal (95% CI)      bad fit (95% CI)   value/mo  revenue',
  ];
  for (const g of m.groups) {
    lines.push(
      [
        `  ${g.group.padEnd(10)}`,
        n(g.accounts).padStart(9),
        n(g.eligible).padStart(10),
        ` ${share(g.positive).padEnd(19)}`,
        share(g.bad).padEnd(18),
        (g.netValuePerMonth === null ? 'n/a' : n(g.netValuePerMonth)).padStart(9),
        (g.revenueShare === null ? 'n/a' : percent(g.revenueShare)).padStart(8),
      ].join(' '),
    );
  }
  return lines;
}

/** The verification in words: how the hand-written ICP does, what each criterion does, and the discovered ICP beside it. */
export function formatVerify(r: VerifyResult): string {
  const out = [
    `${r.name}: ${r.criteria.join('; ')}.`,
    `Target: ${r.target} (base rate ${percent(r.baseRate)}).`,
    '',
    ...measureLines(r.mine),
    '',
    'What each criterion does:',
  ];
  for (const c of r.contributions)
    out.push(
      `  ${c.effect.toUpperCase()}: ${c.value === undefined ? c.criterion : `${c.criterion}, value ${c.value}`}. ${c.evidence}.`,
    );
  if (r.discovered) {
    out.push('', ...measureLines(r.discovered), `  (tiers: ${r.discovered.tierSource.note})`);
  }
  return `${out.join('\n')}\n`;
}
