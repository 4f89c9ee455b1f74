import { derivedNote } from '../../core/icp/derived-attributes.js';
import type { AttributeChange, SegmentSummary, SetDiff } from '../../core/icp/diff-icp.js';
import type { DiffFilesResult } from '../../pipeline/diff/diff-icp-files.js';
import { percent } from '../../core/format/percent.js';

const n = (x: number) => x.toLocaleString('en-US');
const pts = (x: number) => x.toFixed(1);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
const list = (xs: readonly (string | number)[]) => xs.join(', ');

type Diff = DiffFilesResult['diff'];
type DataDiff = NonNullable<DiffFilesResult['data']>;

/** Two ICPs compared in plain words; with data, the tier moves as a table and the rows that move most. */
export function formatDiff(r: DiffFilesResult): string {
  const d = r.diff;
  const out = [
    ...lineageLines(r),
    ...targetLines(d),
    tierThresholdLine(d.tiers),
    '',
    ...scorecardLines(d.scorecard),
    '',
    ...segmentLines('Segments', d.segments),
    ...segmentLines('Anti-segments', d.antiSegments),
    ...ruleLines(d.rules),
    ...(r.data ? ['', ...dataLines(r.data)] : []),
  ];
  return `${out.join('\n')}\n`;
}

/** Which files, which ICPs, and whether the new one descends from the old. */
function lineageLines(r: DiffFilesResult): string[] {
  const d = r.diff;
  return [
    `Old: ${r.old} (ICP ${d.old.id}). New: ${r.new} (ICP ${d.new.id}).`,
    d.sameId
      ? 'Both files carry the same ICP id: their content is the same (the id is its hash).'
      : d.parentMatches
        ? 'The new ICP names the old one as its parent.'
        : `The new ICP does not name the old one as its parent (its parent is ${d.new.parent ?? 'none'}).`,
  ];
}

function targetLines(d: Diff): string[] {
  return [
    d.target.changed
      ? `Target: changed from "${d.target.old.definition}" to "${d.target.new.definition}".`
      : `Target: unchanged (${d.target.new.kind}).`,
    `Positives: ${n(d.target.old.positives)} of ${n(d.target.old.eligible)} (${percent(d.target.old.base_rate)}) before, ${n(d.target.new.positives)} of ${n(d.target.new.eligible)} (${percent(d.target.new.base_rate)}) now.`,
    d.verdict.changed
      ? `Verdict: changed from ${d.verdict.old.kind} to ${d.verdict.new.kind} (${d.verdict.new.reason}).`
      : `Verdict: unchanged (${d.verdict.new.kind}).`,
  ];
}

function tierThresholdLine(tiers: Diff['tiers']): string {
  const { old: to, new: tn } = tiers;
  if (!tiers.changed) return to ? 'Tier thresholds: unchanged.' : 'Tier thresholds: none.';
  if (to && tn)
    return `Tier thresholds: ${(['A', 'B', 'C'] as const).map((t) => `${t} ${pts(to[t])} -> ${pts(tn[t])}`).join(', ')}.`;
  return `Tier thresholds: ${to ? 'removed (no scorecard now)' : 'added (a scorecard now)'}.`;
}

function scorecardLines(card: Diff['scorecard']): string[] {
  const out = ['Scorecard:'];
  if (card.added.length + card.removed.length + card.changed.length === 0)
    out.push('  No changes.');
  for (const a of card.added)
    out.push(`  ${a.name}: added (${a.kind}, ${a.bins} bins, up to ${pts(a.maxPoints)} points).`);
  for (const a of card.removed)
    out.push(`  ${a.name}: removed (was up to ${pts(a.maxPoints)} points).`);
  for (const c of card.changed) out.push(...attributeLines(c));
  if (card.unchanged.length > 0) out.push(`  Unchanged: ${list(card.unchanged)}.`);
  return out;
}

function ruleLines(rules: Diff['rules']): string[] {
  return [
    rules.added.length + rules.removed.length === 0
      ? `Hard rules: unchanged (${rules.kept}).`
      : `Hard rules: ${rules.added.length} added, ${rules.removed.length} removed, ${rules.kept} kept.`,
    ...rules.added.map((x) => `  + ${x}`),
    ...rules.removed.map((x) => `  - ${x}`),
  ];
}

/** The same rows scored with both ICPs: the tier moves, the columns absent, the top movers. */
function dataLines(data: DataDiff): string[] {
  return [
    `On ${data.file} (${n(data.rows)} rows), scored with both:`,
    `Average score: ${pts(data.averageScore.old)} -> ${pts(data.averageScore.new)}.`,
    'Rows by tier, old (rows) against new (columns):',
    ...transitionLines(data),
    ...absentLines(data.absentColumns),
    ...moverLines(data),
  ];
}

function transitionLines(data: DataDiff): string[] {
  const t = data.transitions;
  const head = ['old \\ new', ...t.states, 'total'];
  const body = t.counts.map((row, i) => [
    t.states[i]!,
    ...row.map(n),
    n(row.reduce((s, x) => s + x, 0)),
  ]);
  const totals = [
    'total',
    ...t.states.map((_, j) => n(t.counts.reduce((s, row) => s + row[j]!, 0))),
    n(t.total),
  ];
  const share = (x: number) => (t.total > 0 ? ` (${percent(x / t.total)})` : '');
  return [
    ...alignedTable([head, ...body, totals]).map((l) => `  ${l}`),
    `Same tier: ${n(t.same)}${share(t.same)}; moved up: ${n(t.up)}${share(t.up)}; moved down: ${n(t.down)}${share(t.down)}${t.unknown > 0 ? `; into or out of tier unknown: ${n(t.unknown)}${share(t.unknown)}` : ''}.`,
    `Tier mix shift (PSI): ${data.tierMix.total.toFixed(3)}, ${psiWords(data.tierMix.reading)}.`,
  ];
}

function absentLines(absentColumns: DataDiff['absentColumns']): string[] {
  const out: string[] = [];
  for (const [which, absent] of [
    ['old', absentColumns.old],
    ['new', absentColumns.new],
  ] as const)
    if (absent.length > 0)
      out.push(`No column for the ${which} ICP's ${list(absent)} (scored as missing).`);
  const absent = [...new Set([...absentColumns.old, ...absentColumns.new])].sort();
  if (absent.length > 0) {
    // Missing attributes move scores by themselves: the shift above may be theirs.
    out.push(
      `The tier mix shift counts these absent attributes as missing for every row, so part of it may come from them rather than from the ICPs. ${derivedNote(absent, 'diff with --config icp.config.yaml to compute them.')}`.trim(),
    );
  }
  return out;
}

function moverLines(data: DataDiff): string[] {
  if (data.movers.length === 0) return ['No row changes score or tier.'];
  return [
    `Rows that move most${data.idColumn ? ` (by ${data.idColumn})` : ' (by row)'}:`,
    ...data.movers.map(
      (m) =>
        `  ${data.idColumn ? m.id : `row ${m.row}`}: ${pts(m.old.score)} -> ${pts(m.new.score)} (${signed(m.change)}), ${m.old.state === m.new.state ? `stays ${m.new.state}` : `${m.old.state} -> ${m.new.state}`}`,
    ),
  ];
}

function attributeLines(c: AttributeChange): string[] {
  const parts: string[] = [];
  if (c.kind) parts.push(`kind changed from ${c.kind.old} to ${c.kind.new}`);
  if (c.cuts)
    parts.push(`cut points changed from ${cutList(c.cuts.old)} to ${cutList(c.cuts.new)}`);
  else {
    if (c.binsAdded.length > 0) parts.push(`bins added: ${list(c.binsAdded)}`);
    if (c.binsRemoved.length > 0) parts.push(`bins removed: ${list(c.binsRemoved)}`);
  }
  if (c.points.length > 0)
    parts.push(
      `points changed: ${c.points.map((p) => `${p.bin} ${pts(p.old)} -> ${pts(p.new)}`).join(', ')}`,
    );
  return [
    `  ${c.name}: ${parts.join('; ')}; best bin ${pts(c.maxPoints.old)} -> ${pts(c.maxPoints.new)} points.`,
  ];
}

function cutList(cuts: readonly number[]): string {
  return cuts.length === 0 ? 'none' : cuts.map((x) => x.toLocaleString('en-US')).join(', ');
}

/** Segments listed per side in text; --json has them all. */
const SEGMENTS_SHOWN = 10;

function segmentLines(title: string, s: SetDiff<SegmentSummary>): string[] {
  const head =
    s.added.length + s.removed.length === 0
      ? `${title}: unchanged (${s.kept}).`
      : `${title}: ${s.added.length} added, ${s.removed.length} removed, ${s.kept} kept.`;
  const side = (sign: string, xs: readonly SegmentSummary[]) => [
    ...xs
      .slice(0, SEGMENTS_SHOWN)
      .map(
        (x) => `  ${sign} ${x.conditions.join(' and ')} (${n(x.count)} rows, ${percent(x.rate)})`,
      ),
    ...(xs.length > SEGMENTS_SHOWN
      ? [`  ${sign} ... and ${xs.length - SEGMENTS_SHOWN} more (--json lists them all)`]
      : []),
  ];
  return [head, ...side('+', s.added), ...side('-', s.removed)];
}

function psiWords(reading: 'stable' | 'moderate' | 'major'): string {
  return reading === 'stable'
    ? 'stable (below 0.1)'
    : reading === 'moderate'
      ? 'a moderate shift (0.1 to 0.25)'
      : 'a major shift (above 0.25)';
}

/** Rows of cells as lines: the first column left-aligned, the others right-aligned. */
function alignedTable(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows.map((r) =>
    r
      .map((cell, j) => (j === 0 ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!)))
      .join('  ')
      .trimEnd(),
  );
}
