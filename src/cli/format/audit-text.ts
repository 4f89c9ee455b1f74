import { effortSentence, leakageSentence } from '../../core/audit/headline-text.js';
import { costHeadline } from '../../core/audit/net-cost.js';
import type { AuditResult, Rate } from '../../pipeline/audit/audit.js';
import { formatVoc } from './voc-text.js';
import { TIER_KEYS } from '../../core/icp/tiers.js';
import { percent } from '../../core/format/percent.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const rate = (r: Rate | null) =>
  r ? `${percent(r.rate)} (${percent(r.lo)}-${percent(r.hi)}, n=${n(r.n)})` : 'n/a';
const opt = (x: number | null, f: (v: number) => string = n) => (x === null ? 'n/a' : f(x));
const NONE = 'n/a (none recorded)';

/**
 * The headlines first (or, without a reliable profile, why there are none), then the table by
 * tier, where the money sits, bad fit, the signals and the warnings.
 */
export function formatAudit(a: AuditResult): string {
  const out: string[] = [
    a.asOf === null
      ? `Audit against ICP ${a.icp} (the data hold no dated record, so there is no "as of").`
      : `Audit against ICP ${a.icp}, as of ${a.asOf}.`,
  ];
  if (!a.profile.reliable) out.push(`${a.profile.reason}.`);
  out.push(`Tiers: ${a.tierSource.method}; ${a.tierSource.note}.`, '');
  if (a.profile.reliable) out.push(...headlines(a), '');
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
        percent(t.netRevenueRetention).padStart(5),
        opt(t.costToServePerMonth).padStart(8),
        opt(t.netValuePerMonth).padStart(9),
        opt(t.nps).padStart(6),
      ].join(' '),
    );
  }
  const shares = (s: Record<string, number> | null) =>
    !s
      ? NONE
      : TIER_KEYS.filter((t) => (s[t] ?? 0) > 0)
          .map((t) => `${t} ${percent(s[t] ?? 0)}`)
          .join(', ');
  out.push('', 'Where it sits, by tier:');
  out.push(`  revenue: ${shares(a.shares.revenue)}`);
  out.push(`  bookings, last 12 months: ${shares(a.shares.bookings12m)}`);
  out.push(`  open pipeline: ${shares(a.shares.openPipeline)}${unpriced(a)}`);
  out.push(`  support cost: ${shares(a.shares.supportCost)}`);
  out.push(...badFit(a));
  if (a.signals.length > 0) {
    out.push(
      '',
      a.profile.reliable
        ? 'Misalignment signals:'
        : 'Misalignment signals (on exploratory tiers: for reference only):',
    );
    for (const s of a.signals)
      out.push(`  ${s.seen ? 'SEEN' : 'not seen'}: ${s.signal}. ${s.evidence}.`);
  }
  out.push(formatVoc(a.voc));
  if (a.warnings.length > 0) {
    out.push('', 'Check these values:');
    for (const w of a.warnings) out.push(`  ${w}.`);
  }
  return `${out.join('\n')}\n`;
}

/** " (664 open deals, none with an amount)" when open deals exist but carry no amount. */
function unpriced(a: AuditResult): string {
  const o = a.openDeals;
  if (a.shares.openPipeline || !o || o.count === 0) return '';
  return ` (${n(o.count)} open deal${o.count === 1 ? '' : 's'} of known accounts, ${o.withAmount === 0 ? 'none with an amount' : 'amounts adding up to nothing'})`;
}

/** The cost of poor fit, net, with its sentence and parts; leakage; effort outside the ICP. */
function headlines(a: AuditResult): string[] {
  const c = a.costOfPoorFit;
  const h = costHeadline(c, a.currency);
  const out = [`Cost of poor fit: ${h.value}. ${h.sentence}`];
  if (c.amount !== null) {
    out.push(`  = ${c.formula}`);
    for (const p of c.parts) out.push(`  ${p.part}: ${n(p.amount)} ${a.currency} (${p.formula})`);
  }
  if (a.leakage) out.push(leakageSentence(a.leakage, a.currency));
  if (a.effortOutside) out.push(effortSentence(a.effortOutside));
  if (a.warnings.length > 0)
    out.push(
      `Check before repeating these figures: ${a.warnings.length === 1 ? 'one value looks' : `${a.warnings.length} values look`} implausible (listed at the end).`,
    );
  return out;
}

function badFit(a: AuditResult): string[] {
  const b = a.badFit;
  if (b.criterion.startsWith('not measurable')) return ['', `Bad-fit customers: ${b.criterion}.`];
  const out = [
    '',
    `Bad-fit customers (${b.criterion}): ${n(b.count)}; support cost ${n(b.supportCost)} ${a.currency}, net value ${n(b.netValue)} ${a.currency}.${b.top.length > 0 ? ' Worst:' : ''}`,
  ];
  for (const x of b.top.slice(0, 10)) {
    out.push(
      `  ${x.name ? `${x.name} (${x.accountId}, tier ${x.tier})` : `${x.accountId} (tier ${x.tier})`}: revenue ${n(x.revenue)}, cost to serve ${n(x.costToServe)}, net value ${n(x.netValue)}${x.churned ? ', churned' : ''}; ${x.why}`,
    );
  }
  return out;
}
