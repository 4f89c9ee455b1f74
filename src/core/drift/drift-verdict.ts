import { percent } from '../format/percent.js';
import type { PsiReading } from '../stats/psi.js';

export type DriftVerdict = 'stable' | 'watch' | 'refresh';

/** A bin that did clearly better (emerging) or worse (stopped) in a window than its baseline. */
export interface VerdictSegment {
  readonly attribute: string;
  readonly bin: string;
  readonly kind: 'emerging' | 'stopped';
  readonly q: number;
  readonly before: { readonly rate: number };
  readonly now: {
    readonly rate: number;
    readonly lo: number;
    readonly hi: number;
    readonly n: number;
  };
}

/** What the verdict reads of a drift window (pipeline/drift's `DriftWindow` has all of it). */
export interface VerdictWindow {
  readonly from: string;
  readonly until: string;
  readonly segments: readonly VerdictSegment[];
  readonly rankingFell: boolean;
  readonly auc: { readonly auc: number; readonly lo: number; readonly hi: number } | null;
  readonly shifts: readonly {
    readonly attribute: string;
    readonly psi: number;
    readonly reading: PsiReading;
  }[];
}

/** A verdict, why (the findings, each with its window) and what to do; `since` with refresh. */
export interface Judgement {
  readonly verdict: DriftVerdict;
  readonly reasons: readonly string[];
  readonly action: string;
  readonly since: string | null;
}

/**
 * The verdict on an ICP from its drift windows (oldest first), with the findings as reasons and
 * what to do. refresh: findings reach one of the last two windows and the evidence is strong
 * (two windows in a row, a bin at q <= 0.01, ranking power that fell or a major shift), since
 * the first window of that run; watch: any other finding, or a moderate shift in the last
 * window; stable: none. `baseline` says what the windows were compared with.
 */
export function driftVerdict(windows: readonly VerdictWindow[], baseline: string): Judgement {
  const findings = (w: VerdictWindow) => {
    const out: string[] = [];
    for (const s of w.segments)
      out.push(
        `${s.attribute} = ${s.bin} ${s.kind === 'emerging' ? 'emerging' : 'stopped performing'}: ${percent(s.now.rate)} (${percent(s.now.lo)}-${percent(s.now.hi)}, n=${s.now.n}) against ${percent(s.before.rate)} ${baseline}`,
      );
    if (w.rankingFell && w.auc)
      out.push(
        `ranking power fell: AUC ${w.auc.auc.toFixed(3)} (${w.auc.lo.toFixed(2)}-${w.auc.hi.toFixed(2)})`,
      );
    for (const s of w.shifts)
      if (s.reading === 'major') out.push(`${s.attribute} shifted: PSI ${s.psi.toFixed(2)}`);
    return out;
  };
  const per = windows.map(findings);
  const last = windows.length - 1;
  // Refresh when findings reach one of the last two windows; the run of windows with findings
  // that ends there says since when.
  let lastFinding = -1;
  for (let k = last; k >= 0; k--)
    if ((per[k] as string[]).length > 0) {
      lastFinding = k;
      break;
    }
  let start = lastFinding;
  while (start > 0 && (per[start - 1] as string[]).length > 0) start--;
  // Strong evidence: a bin at q <= 0.01, ranking power that fell, a major shift, or findings in
  // two windows or more. One weak finding alone only asks to watch.
  const run = lastFinding >= 0 ? windows.slice(start, lastFinding + 1) : [];
  const strong =
    run.length >= 2 ||
    run.some(
      (w) =>
        w.rankingFell ||
        w.segments.some((x) => x.q <= 0.01) ||
        w.shifts.some((x) => x.reading === 'major'),
    );
  if (lastFinding >= 0 && lastFinding >= last - 1 && strong) {
    const since = (windows[start] as VerdictWindow).from;
    const reasons = windows.flatMap((w, k) =>
      k >= start ? (per[k] as string[]).map((f) => `${w.from} to ${w.until}: ${f}`) : [],
    );
    // The segment that changed in most windows first (then the strongest evidence): a lasting
    // change leads, a one-window finding follows.
    const found = windows.slice(start).flatMap((w) => w.segments);
    const windowsOf = (s: VerdictSegment) =>
      found.filter((x) => x.attribute === s.attribute && x.bin === s.bin).length;
    const ranked = [...found].sort(
      (a, b) => windowsOf(b) - windowsOf(a) || a.q - b.q || a.attribute.localeCompare(b.attribute),
    );
    const changed = [...new Set(ranked.map((s) => s.attribute))];
    const lead = ranked[0];
    return {
      verdict: 'refresh' as const,
      reasons,
      action: `re-run discovery with data since ${since} (icp discover --since ${since})${lead ? `; most of all ${lead.attribute} = ${lead.bin} ${lead.kind === 'emerging' ? 'emerging' : 'stopped performing'} (in ${windowsOf(lead)} window${windowsOf(lead) > 1 ? 's' : ''})` : ''}${changed.length > 0 ? `; the attributes that changed most: ${changed.join(', ')}` : ''}, then compare the two with icp diff old.json new.json --config icp.config.yaml`,
      since,
    };
  }
  const watch = windows.flatMap((w, k) =>
    (per[k] as string[]).map((f) => `${w.from} to ${w.until}: ${f}`),
  );
  const moderate = (windows[last]?.shifts ?? []).filter((s) => s.reading === 'moderate');
  if (watch.length > 0 || moderate.length > 0)
    return {
      verdict: 'watch' as const,
      reasons: [
        ...watch,
        ...moderate.map(
          (s) => `${s.attribute} shifted moderately in the last window: PSI ${s.psi.toFixed(2)}`,
        ),
      ],
      action: 'no change needed yet; run drift again next window',
      since: null,
    };
  return {
    verdict: 'stable' as const,
    reasons: [
      `in ${windows.length} windows no bin did clearly better or worse than ${baseline} (false-discovery rate 5%), ranking power held, and no attribute shifted beyond PSI 0.25`,
    ],
    action: 'keep the ICP',
    since: null,
  };
}
