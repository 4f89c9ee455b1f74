import { costHeadline } from '../../core/audit/net-cost.js';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { verdictReason } from '../../core/icp/verdict-reason.js';
import { esc, int, money, pct, rateText, shortMoney } from '../html.js';
import type { ReportModel } from '../report-model.js';
import type { TierRow } from '../../core/audit/audit-rows.js';
import type { RateWithInterval } from '../../core/stats/rate.js';

/** The ICP in one paragraph of plain words, from the ICP file alone. */
export function icpInWords(icp: IcpDefinition): string {
  const t = icp.target;
  const out: string[] = [
    `The target is ${t.definition}: ${int(t.positives)} of ${int(t.eligible)} (${pct(t.base_rate)}) qualify.`,
  ];
  if (icp.verdict.kind === 'no_signal' || icp.verdict.kind === 'insufficient') {
    out.push(
      `There is no reliable profile: ${verdictReason(icp.verdict)}. The evidence below shows each attribute anyway, so you can see how flat it is.`,
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
    out.push(`Descriptive only: ${verdictReason(icp.verdict)}.`);
  }
  return out.join(' ');
}

function joinWords(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A headline number: the value, what it means in a few words, and where it comes from. */
export interface Headline {
  readonly label: string;
  readonly value: string;
  readonly meaning: string;
  readonly detail: string;
}

const tier = (rows: readonly TierRow[], key: string) => rows.find((r) => r.tier === key);

/** How two rates with 95% intervals compare: clearly higher, clearly lower, or alike. */
function compare(a: RateWithInterval, d: RateWithInterval): 'higher' | 'lower' | 'alike' {
  return a.lo > d.hi ? 'higher' : a.hi < d.lo ? 'lower' : 'alike';
}

/** "A 47% vs D 49%" with both intervals as the detail and its meaning; why not, when a side is missing. */
function aVersusD(
  label: string,
  a: RateWithInterval | null | undefined,
  d: RateWithInterval | null | undefined,
  why: string,
  meanings: Record<'higher' | 'lower' | 'alike', string>,
): Headline {
  if (!a || !d) return { label, value: 'n/a', meaning: why, detail: '' };
  return {
    label,
    value: `${pct(a.rate)} vs ${pct(d.rate)}`,
    meaning: meanings[compare(a, d)],
    detail: `tier A ${rateText(a)}; tier D ${rateText(d)}`,
  };
}

/** What the ICP is, how much better it is, and what poor fit costs: the report's first sentence. */
export function answerSentence(model: ReportModel): string {
  const { audit, icp, currency } = model;
  if (!audit.profile.reliable) {
    const why = icp.scorecard
      ? audit.profile.reason.replace(
          /, so no leakage or cost of poor fit is built on its tiers$/,
          '',
        )
      : `No reliable profile: ${verdictReason(icp.verdict)}`;
    return `${why}. There is no ICP to act on here: this report shows no leakage and no cost of poor fit, and its tiers and signals are exploratory, for reference only.`;
  }
  const qualify =
    icp.target.kind === 'column'
      ? `have ${icp.target.definition.split(' (')[0]}`
      : `qualify as ${icp.target.kind}`;
  const who = icp.segments[0]
    ? `${icp.segments[0].label} (${pct(icp.segments[0].rate)} of them ${qualify}, ${icp.segments[0].lift.toFixed(1)} times the average)`
    : `the accounts of tiers A-B`;
  const a = tier(audit.tiers, 'A');
  const d = tier(audit.tiers, 'D');
  const value =
    a?.netValuePerMonth != null && d?.netValuePerMonth != null && d.netValuePerMonth > 0
      ? `tier A customers earn ${money(a.netValuePerMonth, currency)} a month net of cost to serve, ${(a.netValuePerMonth / d.netValuePerMonth).toFixed(1)} times tier D's ${money(d.netValuePerMonth, currency)}`
      : icp.validation
        ? `${pct(icp.validation.rate_a)} of tier A qualify against ${pct(icp.validation.rate_d)} of tier D`
        : '';
  const c = costHeadline(audit.costOfPoorFit, currency);
  const cost =
    c.value === 'n/a'
      ? `the cost of poor fit is not measurable here (${audit.costOfPoorFit.reason})`
      : c.value === 'none'
        ? 'poor fit costs nothing measurable here'
        : `poor fit cost ${shortMoney(audit.costOfPoorFit.amount ?? 0, currency)} net (95% interval ${shortMoney(audit.costOfPoorFit.interval?.lo ?? 0, currency)} to ${shortMoney(audit.costOfPoorFit.interval?.hi ?? 0, currency)}): what the sales effort spent on bad-fit customers earned in tiers A-B, less what those customers earned`;
  return `The ICP is ${who}; ${value ? `${value}; ` : ''}${cost}.`;
}

/** The numbers that matter, each with its meaning and where it comes from or why it is missing. */
export function headlines(model: ReportModel): Headline[] {
  const { audit, icp, tables } = model;
  const v = icp.validation;
  const quality: Headline = v
    ? {
        label: 'Model quality',
        value: `AUC ${v.auc.toFixed(2)}`,
        meaning: `Ranks a qualifying account above one that does not ${Math.round(v.auc * 100)} times in 100 (50 is chance).`,
        detail: `95% interval ${v.auc_interval.lo.toFixed(2)}–${v.auc_interval.hi.toFixed(2)}, ${v.folds}-fold cross-validated`,
      }
    : {
        label: 'Model quality',
        value: 'none',
        meaning: 'No scorecard: nothing separates the target beyond chance.',
        detail: verdictReason(icp.verdict),
      };
  if (!audit.profile.reliable) {
    const t = icp.target;
    return [
      {
        label: 'Target rate',
        value: pct(t.base_rate),
        meaning: 'The same in every group the data can tell apart.',
        detail: `${int(t.positives)} of ${int(t.eligible)}: ${t.definition}`,
      },
      quality,
    ];
  }
  const share = audit.shares.revenue;
  const accounts = audit.tiers.reduce((s, t) => s + t.accounts, 0);
  const abShare =
    accounts > 0
      ? ((tier(audit.tiers, 'A')?.accounts ?? 0) + (tier(audit.tiers, 'B')?.accounts ?? 0)) /
        accounts
      : 0;
  const noRevenue = !tables.includes('invoices') && !tables.includes('subscriptions');
  const revenue: Headline = share
    ? {
        label: 'Revenue from tiers A–B',
        value: pct(share.A + share.B),
        meaning:
          abShare > 0
            ? `The ICP’s accounts bring ${((share.A + share.B) / abShare).toFixed(1)} times their share of revenue.`
            : '',
        detail: `of all revenue, from ${pct(abShare)} of the accounts`,
      }
    : {
        label: 'Revenue from tiers A–B',
        value: 'n/a',
        meaning: noRevenue
          ? 'No invoices or subscriptions: revenue is not measurable.'
          : 'No revenue recorded.',
        detail: '',
      };
  const a = tier(audit.tiers, 'A');
  const d = tier(audit.tiers, 'D');
  return [
    revenue,
    aVersusD(
      'Win rate, A vs D',
      a?.winRate,
      d?.winRate,
      tables.includes('deals')
        ? 'Too few closed deals in tier A or D.'
        : 'No deals: win rate is not measurable.',
      {
        higher: 'A wins clearly more often than D: the ICP also predicts conversion.',
        alike: 'A wins as often as D: the ICP is about value, not about conversion.',
        lower: 'A wins less often than D: low tiers sign easily; see what they are worth below.',
      },
    ),
    aVersusD(
      'Churn, A vs D',
      a?.churnRate,
      d?.churnRate,
      noRevenue && !tables.includes('churn_events')
        ? 'No invoices, subscriptions or churn events: churn is not measurable.'
        : 'Too few customers in tier A or D.',
      {
        higher: 'A churns more than D: fit here is not about retention.',
        alike: 'A churns about as often as D: fit does not predict retention here.',
        lower: 'A churns clearly less than D: ICP customers stay.',
      },
    ),
    costCard(model),
    quality,
  ];
}

/** The cost of poor fit as a card: short; the sentence and formula are in its own section. */
function costCard(model: ReportModel): Headline {
  const cost = model.audit.costOfPoorFit;
  const { currency } = model;
  const label = 'Cost of poor fit (net)';
  const b = cost.basis;
  if (cost.amount === null || !cost.interval || !b)
    return { label, value: 'n/a', meaning: `Not measurable: ${cost.reason}.`, detail: '' };
  const range = `95% interval ${shortMoney(cost.interval.lo, currency)} to ${shortMoney(cost.interval.hi, currency)}`;
  const effort = b.unit === 'deal' ? `${int(b.badFitEffort)} deals` : 'the effort';
  return {
    label,
    value: cost.amount <= 0 ? 'none' : shortMoney(cost.amount, currency),
    meaning:
      cost.amount <= 0
        ? `The ${int(b.badFitCustomers)} bad-fit customers earned as much as ${effort} earned in tiers A-B.`
        : `What ${effort} on ${int(b.badFitCustomers)} bad-fit customers would have earned in tiers A-B, less what they earned.`,
    detail: `${range}; ${cost.parts.map((p) => `${shortMoney(p.amount, currency)} ${p.part}`).join('; ')}`,
  };
}

/** The opening: one sentence that answers, then the numbers behind it as cards. */
export function overviewSection(model: ReportModel): string {
  const cards = headlines(model)
    .map(
      (h) => `<div class="card"><div class="card-label">${esc(h.label)}</div>
<div class="card-value">${esc(h.value)}</div>
<div class="card-meaning">${esc(h.meaning)}</div>${h.detail ? `\n<div class="card-detail">${esc(h.detail)}</div>` : ''}</div>`,
    )
    .join('\n');
  return `<section id="summary">
<h2>The answer</h2>
<p class="answer">${esc(answerSentence(model))}</p>
<div class="cards">
${cards}
</div>${checks(model.audit.warnings)}
</section>`;
}

/** Implausible values, right under the numbers they may spoil. */
function checks(warnings: readonly string[]): string {
  if (warnings.length === 0) return '';
  return `\n<p class="check"><strong>Check before repeating these numbers:</strong> ${esc(warnings.join('; '))}.</p>`;
}

/** The ICP in plain words: the detail behind the answer. */
export function wordsSection(model: ReportModel): string {
  return `<section id="words">
<h2>The ICP in plain words</h2>
<p class="lead">${esc(icpInWords(model.icp))}</p>
</section>`;
}
