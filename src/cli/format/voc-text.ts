import type { Share } from '../../core/text/theme-stats.js';
import type { VocGroup, VocResult, VocTheme } from '../../core/text/voc-result.js';
import { TIER_KEYS as TIERS } from '../../core/icp/tiers.js';
import { percent } from '../../core/format/percent.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const share = (s: Share | null) =>
  s ? `${percent(s.rate)} (${percent(s.lo)}-${percent(s.hi)})` : 'n/a';
const q = (x: number) => (x < 0.001 ? 'q<0.001' : `q=${x.toFixed(3)}`);

/** The voice of the customer as plain text, after the audit (docs/voc.md says what each number is). */
export function formatVoc(v: VocResult): string {
  const out: string[] = ['', 'Voice of the customer (docs/voc.md):'];
  if (!v.available)
    return [...out, `  ${v.reason}`, ...journeyLines(v), ...behaviourLines(v)].join('\n');
  const docs = v.sources.reduce((s, x) => s + x.documents, 0);
  const bySource = new Map<string, number>();
  for (const s of v.sources) bySource.set(s.source, (bySource.get(s.source) ?? 0) + s.documents);
  out.push(
    `  ${n(docs)} documents: ${[...bySource].map(([s, k]) => `${s} ${n(k)}`).join(', ')}.`,
    `  A theme groups phrases used by ${v.settings.minAccounts}+ accounts. Ratio: mentions over those expected from a group's amount and kinds of text (1 = as usual), 95% interval, accounts as units; q: Benjamini-Hochberg over every test; a side needs q <= ${v.settings.fdr} and 1.5x the other side.`,
  );
  if (v.reason) out.push(`  ${v.reason}`);
  const byId = new Map(v.themes.map((t) => [t.id, t]));
  const list = (title: string, ids: readonly string[], a: VocGroup, b: VocGroup) => {
    out.push('', title);
    if (ids.length === 0) out.push('  none at this false-discovery rate');
    for (const id of ids.slice(0, 8)) {
      const t = byId.get(id)!;
      // A lost reason leaning to C-D is read from that side.
      out.push(
        ...(a === 'icp' && t.side === 'bad-fit' ? themeLines(t, b, a) : themeLines(t, a, b)),
      );
    }
  };
  list(
    'ICP pain points (raised more in tiers A-B than in the other tiers):',
    v.painPoints,
    'icp',
    'outside',
  );
  list('Themes of the bad fit (raised more outside tiers A-B):', v.badFitThemes, 'outside', 'icp');
  list(
    `Jobs to be done (won reasons and 9-10 comments; ideal against the rest${v.ideal.available ? '' : ': not measurable'}):`,
    v.jobs,
    v.ideal.available ? 'ideal' : 'icp',
    v.ideal.available ? 'rest' : 'outside',
  );
  out.push('', 'Most raised themes, by accounts (whatever the side):');
  for (const lens of ['raised', 'praised', 'lost'] as const) {
    const top = v.themes.filter((t) => t.lens === lens).slice(0, 6);
    if (top.length > 0)
      out.push(
        `  ${lens}: ${top.map((t) => `${t.label} (${n(t.accounts)}; A-B ${share(t.groups.icp.share)}, C-D ${share(t.groups.outside.share)})`).join(', ')}`,
      );
  }
  const lost = v.themes.filter((t) => t.lens === 'lost' && t.side !== 'none');
  list(
    'Why deals are lost, where it leans by tier:',
    lost.map((t) => t.id),
    'icp',
    'outside',
  );
  return [...out, ...roadmapLines(v), ...journeyLines(v), ...behaviourLines(v)].join('\n');
}

function themeLines(t: VocTheme, a: VocGroup, b: VocGroup): string[] {
  const r = (g: VocGroup) => {
    const x = t.groups[g].ratio;
    return x ? `${x.ratio.toFixed(2)} (${x.lo.toFixed(2)}-${x.hi.toFixed(2)})` : 'n/a';
  };
  const label = (g: VocGroup) =>
    ({ icp: 'A-B', outside: 'C-D', ideal: 'ideal', rest: 'rest' })[g as string] ?? g;
  const test = a === 'ideal' || a === 'rest' ? t.tests.idealVsRest : t.tests.icpVsOutside;
  const lines = [
    `  ${t.label} [${t.phrases.slice(1, 4).join(', ')}]: ${n(t.accounts)} accounts, ${n(t.documents)} mentions; ratio ${label(a)} ${r(a)} against ${label(b)} ${r(b)}${test ? `, ${q(test.q)}` : ''}; raised by ${share(t.groups[a].share)} of ${label(a)} accounts with text`,
  ];
  for (const x of t.quotes.slice(0, 2))
    lines.push(
      `      "${x.text}" (${x.accountId}, tier ${x.tier}, ${x.source}${x.date ? `, ${x.date}` : ''})`,
    );
  return lines;
}

function roadmapLines(v: VocResult): string[] {
  const r = v.roadmap;
  if (!r) return ['', 'Roadmap dilution: no tickets or requests.'];
  const out = [
    '',
    `Roadmap dilution: ${n(r.requests)} feature requests from ${n(r.requestingAccounts)} accounts (tickets tagged ${v.settings.requestTags.join(' / ')}, and the requests table).`,
  ];
  for (const s of r.shares)
    out.push(
      `  ${s.what}: ${share(s.outside)} from outside tiers A-B, ${share(s.badFit)} from bad-fit customers`,
    );
  out.push(
    `  by tier (requests / tickets / minutes): ${r.byTier
      .filter((t) => t.accounts > 0)
      .map(
        (t) =>
          `${t.tier} ${n(t.requests)} / ${n(t.tickets)} / ${t.minutes === null ? 'n/a' : n(t.minutes)}`,
      )
      .join('; ')}`,
  );
  const ranked = (xs: typeof r.ranked.icp) =>
    xs
      .slice(0, 5)
      .map((x) => `${x.label} (${n(x.accounts)})`)
      .join(', ') || 'none';
  out.push(`  requests from the ICP (accounts): ${ranked(r.ranked.icp)}`);
  out.push(`  requests from outside it (accounts): ${ranked(r.ranked.outside)}`);
  out.push(
    `  raised mostly by customers who later churned: ${r.fromChurned.map((x) => `${x.label} (${share(x.churned)} of ${n(x.churned?.n ?? 0)} churned)`).join(', ') || 'none'}`,
  );
  return out;
}

function journeyLines(v: VocResult): string[] {
  const j = v.journey;
  const out = ['', 'Journey by tier:'];
  for (const tier of TIERS) {
    const s = j.sources.filter((x) => x.tier === tier);
    if (s.length > 0)
      out.push(
        `  ${tier} lead sources (share of deals, win rate): ${s
          .slice(0, 5)
          .map(
            (x) =>
              `${x.source} ${percent(x.share)} (${x.winRate ? percent(x.winRate.rate) : 'n/a'})`,
          )
          .join(', ')}`,
      );
  }
  if (j.funnel)
    for (const tier of TIERS) {
      const rows = j.funnel.rows.filter((x) => x.tier === tier);
      if (rows.length > 0)
        out.push(
          `  ${tier} funnel (${j.funnel.from}): ${rows.map((x) => `${x.step} ${percent(x.share)}`).join(' -> ')}`,
        );
    }
  if (j.timeInStage.length > 0)
    out.push(
      `  median days in stage: ${j.timeInStage.map((x) => `${x.tier} ${x.stage} ${n(x.medianDays)}`).join(', ')}`,
    );
  if (j.touchpoints.length > 0)
    out.push(
      `  touchpoints per closed deal: ${j.touchpoints.map((x) => `${x.tier} ${x.type} ${x.perDeal.toFixed(1)}`).join(', ')}`,
    );
  if (j.cycle.length > 0)
    out.push(
      `  sales cycle of won deals, median days (quartiles): ${j.cycle.map((x) => `${x.tier} ${n(x.medianDays)} (${n(x.p25)}-${n(x.p75)})`).join(', ')}`,
    );
  if (j.expansion.length > 0)
    out.push(
      `  first-year expansion (month 12 over month 1, median; share expanded): ${j.expansion.map((x) => `${x.tier} ${x.medianRatio.toFixed(2)}, ${share(x.expanded)}`).join('; ')}`,
    );
  if (j.timeToValue.length > 0)
    out.push(
      `  time to first value (days from first revenue to first usage, median): ${j.timeToValue.map((x) => `${x.tier} ${n(x.medianDays)}`).join(', ')}`,
    );
  for (const m of j.missing) out.push(`  not measured: ${m}`);
  return out;
}

function behaviourLines(v: VocResult): string[] {
  const b = v.behaviour;
  if (!b) return ['', 'Behaviour: no usage with revenue.'];
  const out = ['', `Behaviour by tier (${b.note})`];
  for (const m of b.metrics) {
    out.push(
      `  ${m.metric}, first 90 days (median): ${m.byTier.map((t) => `${t.tier} ${t.first90 === null ? 'n/a' : n(t.first90)}`).join(', ')}; growth (latest 90 days over first): ${m.byTier.map((t) => `${t.tier} ${t.growth === null ? 'n/a' : t.growth.toFixed(2)}`).join(', ')}${m.byTier.some((t) => t.perSeat !== null) ? `; per seat: ${m.byTier.map((t) => `${t.tier} ${t.perSeat === null ? 'n/a' : t.perSeat.toFixed(1)}`).join(', ')}` : ''}`,
    );
    if (m.attribute)
      out.push(`    behavioural attribute: ${m.attribute.statement}, ${q(m.attribute.q)}`);
  }
  return out;
}
