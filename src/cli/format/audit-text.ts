import type { AuditResult, Rate } from '../../pipeline/audit/audit.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const rate = (r: Rate | null) =>
  r ? `${pct(r.rate)} (${pct(r.lo)}-${pct(r.hi)}, n=${n(r.n)})` : 'n/a';
const opt = (x: number | null, f: (v: number) => string = n) => (x === null ? 'n/a' : f(x));

/** The audit as plain text: the table by tier, where the money sits, bad fit and its cost. */
export function formatAudit(a: AuditResult): string {
  const out: string[] = [
    `Audit against ICP ${a.icp}, as of ${a.asOf}.`,
    `Tiers: ${a.tierSource.method}; ${a.tierSource.note}.`,
    '',
  ];
  out.push(
    'tier          accounts customers  win rate (95% CI, n)      churn (95% CI, n)        cycle  deal size   NRR   cost/mo  value/mo    NPS',
  );
  for (const t of a.tiers) {
    if (t.accounts === 0) continue;
    out.push(
      [
        t.tier.padEnd(13),
        n(t.accounts).padStart(8),
        n(t.customers).padStart(9),
        ` ${rate(t.winRate).padEnd(25)}`,
        rate(t.churnRate).padEnd(24),
        opt(t.medianCycleDays).padStart(5),
        opt(t.averageDealSize).padStart(10),
        opt(t.netRevenueRetention, pct).padStart(5),
        opt(t.costToServePerMonth).padStart(8),
        opt(t.netValuePerMonth).padStart(9),
        opt(t.nps).padStart(6),
      ].join(' '),
    );
  }
  const shares = (s: Record<string, number> | null) =>
    !s
      ? 'n/a (none recorded)'
      : ['A', 'B', 'C', 'D', 'unknown', 'disqualified']
          .filter((t) => (s[t] ?? 0) > 0)
          .map((t) => `${t} ${pct(s[t] ?? 0)}`)
          .join(', ');
  out.push('', 'Where it sits, by tier:');
  out.push(`  revenue: ${shares(a.shares.revenue)}`);
  out.push(`  bookings, last 12 months: ${shares(a.shares.bookings12m)}`);
  out.push(`  open pipeline: ${shares(a.shares.openPipeline)}`);
  out.push(`  support cost: ${shares(a.shares.supportCost)}`);
  out.push(
    `ICP leakage: ${n(a.leakage.bookings12m)} of bookings (${pct(a.leakage.bookingsShare)}) and ${n(a.leakage.openPipeline)} of open pipeline (${pct(a.leakage.pipelineShare)}) are outside tiers A-B.`,
  );
  if (a.badFit.criterion.startsWith('not measurable'))
    out.push('', `Bad-fit customers: ${a.badFit.criterion}.`);
  else
    out.push(
      '',
      `Bad-fit customers (${a.badFit.criterion}): ${n(a.badFit.count)}; support cost ${n(a.badFit.supportCost)}, net value ${n(a.badFit.netValue)}.${a.badFit.top.length > 0 ? ' Worst:' : ''}`,
    );
  for (const b of a.badFit.top.slice(0, 10)) {
    out.push(
      `  ${b.accountId} (tier ${b.tier}): revenue ${n(b.revenue)}, cost to serve ${n(b.costToServe)}, net value ${n(b.netValue)}${b.churned ? ', churned' : ''}; ${b.why}`,
    );
  }
  out.push('', 'Misalignment signals:');
  for (const s of a.signals)
    out.push(`  ${s.seen ? 'SEEN' : 'not seen'}: ${s.signal}. ${s.evidence}.`);
  out.push('', 'The cost of poor fit:');
  for (const c of a.costOfPoorFit) out.push(`  ${c.part}: ${opt(c.amount)}  (${c.formula})`);
  return `${out.join('\n')}\n`;
}
