import type { IcpDefinition } from '../../core/icp/definition.js';
import { esc, int, money, pct, rateText } from '../html.js';
import type { ReportModel, ReportRate, ReportTierRow } from '../report-model.js';

/** The ICP in one paragraph of plain words, from the ICP file alone. */
export function icpInWords(icp: IcpDefinition): string {
  const t = icp.target;
  const out: string[] = [
    `The target is ${t.definition}: ${int(t.positives)} of ${int(t.eligible)} (${pct(t.base_rate)}) qualify.`,
  ];
  if (icp.verdict.kind === 'no_signal' || icp.verdict.kind === 'insufficient') {
    out.push(
      `There is no reliable profile: ${icp.verdict.reason}. The evidence below shows each attribute anyway, so you can see how flat it is.`,
    );
    return out.join(' ');
  }
  const segments = icp.segments.slice(0, 2);
  if (segments.length > 0) {
    out.push(
      `They concentrate in ${segments
        .map(
          (s) => `${s.label} (${pct(s.rate)} qualify, ${s.lift.toFixed(1)} times the overall rate)`,
        )
        .join(' and in ')}.`,
    );
  }
  const strongest = icp.evidence
    .filter((e) => e.selected)
    .slice(0, 3)
    .flatMap((e) => {
      const best = e.bins.filter((b) => b.count > 0).sort((a, b) => b.lift - a.lift)[0];
      return best ? [`${e.attribute} (best ${best.label}: ${pct(best.rate)})`] : [];
    });
  if (strongest.length > 0) {
    out.push(`The attributes that tell them apart most are ${joinWords(strongest)}.`);
  }
  const anti = icp.anti_segments[0];
  if (anti) {
    out.push(
      `Avoid ${anti.label}: ${pct(anti.rate)} of those ${int(anti.count)} go bad (95% interval ${pct(anti.interval.lo)}–${pct(anti.interval.hi)}).`,
    );
  }
  const v = icp.validation;
  if (icp.scorecard && v) {
    out.push(
      `A scorecard over ${icp.scorecard.attributes.length} attributes ranks accounts with a cross-validated AUC of ${v.auc.toFixed(2)} (95% interval ${v.auc_interval.lo.toFixed(2)}–${v.auc_interval.hi.toFixed(2)}); tiers A and B hold ${pct(v.share_ab)} of the accounts and ${pct(v.positives_captured_ab)} of those that qualify.`,
    );
  } else {
    out.push(`Descriptive only: ${icp.verdict.reason}.`);
  }
  return out.join(' ');
}

function joinWords(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

interface Headline {
  readonly label: string;
  readonly value: string;
  readonly detail: string;
}

const tier = (rows: readonly ReportTierRow[], key: string) => rows.find((r) => r.tier === key);

/** "A 47% vs D 49%" with both intervals as the detail; why not, when a side is missing. */
function aVersusD(
  label: string,
  a: ReportRate | null | undefined,
  d: ReportRate | null | undefined,
  why: string,
): Headline {
  if (!a || !d) return { label, value: 'n/a', detail: why };
  return {
    label,
    value: `${pct(a.rate)} vs ${pct(d.rate)}`,
    detail: `tier A ${rateText(a)}; tier D ${rateText(d)}`,
  };
}

/** The five numbers that matter, each with where it comes from or why it is missing. */
export function headlines(model: ReportModel): Headline[] {
  const { audit, icp, currency, tables } = model;
  const share = audit.shares.revenue;
  const accounts = audit.tiers.reduce((s, t) => s + t.accounts, 0);
  const abAccounts =
    (tier(audit.tiers, 'A')?.accounts ?? 0) + (tier(audit.tiers, 'B')?.accounts ?? 0);
  const exploratory = audit.tierSource.method === 'exploratory' ? ' (exploratory tiers)' : '';
  const noRevenue = !tables.includes('invoices') && !tables.includes('subscriptions');
  const revenue: Headline = share
    ? {
        label: 'Revenue from tiers A–B',
        value: pct(share.A + share.B),
        detail: `of all revenue, from ${pct(accounts > 0 ? abAccounts / accounts : 0)} of the accounts${exploratory}`,
      }
    : {
        label: 'Revenue from tiers A–B',
        value: 'n/a',
        detail: noRevenue
          ? 'No invoices or subscriptions: revenue is not measurable.'
          : 'No revenue recorded.',
      };
  const money_ = audit.costOfPoorFit.filter((c) => c.unit === 'money' && c.amount !== null);
  const days = audit.costOfPoorFit.find((c) => c.unit === 'days' && c.amount !== null);
  const daysText = days?.amount != null ? `${int(days.amount)} ${days.part}` : '';
  const cost: Headline =
    money_.length > 0
      ? {
          label: 'Cost of poor fit',
          value: money(
            money_.reduce((s, c) => s + (c.amount ?? 0), 0),
            currency,
          ),
          detail: [
            ...money_.map((c) => `${money(c.amount ?? 0, currency)} ${c.part}`),
            ...(daysText ? [daysText] : []),
          ].join('; '),
        }
      : {
          label: 'Cost of poor fit',
          value: days?.amount != null ? `${int(days.amount)} days` : 'n/a',
          detail: [
            ...(daysText ? [daysText] : []),
            'no money amount: no revenue or no support cost in the data',
          ].join('; '),
        };
  const v = icp.validation;
  const quality: Headline = v
    ? {
        label: 'Model quality',
        value: `AUC ${v.auc.toFixed(2)}`,
        detail: `95% interval ${v.auc_interval.lo.toFixed(2)}–${v.auc_interval.hi.toFixed(2)}, ${v.folds}-fold cross-validated (0.5 is chance, 1 is perfect)`,
      }
    : { label: 'Model quality', value: 'none', detail: `No scorecard: ${icp.verdict.reason}.` };
  const a = tier(audit.tiers, 'A');
  const d = tier(audit.tiers, 'D');
  return [
    revenue,
    aVersusD(
      `Win rate, A vs D${exploratory}`,
      a?.winRate,
      d?.winRate,
      tables.includes('deals')
        ? 'Too few closed deals in tier A or D.'
        : 'No deals: win rate is not measurable.',
    ),
    aVersusD(
      `Churn, A vs D${exploratory}`,
      a?.churnRate,
      d?.churnRate,
      noRevenue && !tables.includes('churn_events')
        ? 'No invoices, subscriptions or churn events: churn is not measurable.'
        : 'Too few customers in tier A or D.',
    ),
    cost,
    quality,
  ];
}

/** The opening: the ICP in words and the five numbers as cards. */
export function overviewSection(model: ReportModel): string {
  const cards = headlines(model)
    .map(
      (h) => `<div class="card"><div class="card-label">${esc(h.label)}</div>
<div class="card-value">${esc(h.value)}</div>
<div class="card-detail">${esc(h.detail)}</div></div>`,
    )
    .join('\n');
  return `<section id="summary">
<h2>The ICP in plain words</h2>
<p class="lead">${esc(icpInWords(model.icp))}</p>
<div class="cards">
${cards}
</div>
</section>`;
}
