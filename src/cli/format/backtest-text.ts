import type { BacktestResult, BacktestWindow } from '../../pipeline/backtest/backtest.js';
import { percent } from '../../core/format/percent.js';

const n = (x: number) => x.toLocaleString('en-US');
const auc = (a: BacktestWindow['auc']) =>
  a ? `${a.auc.toFixed(3)} (${a.lo.toFixed(2)}-${a.hi.toFixed(2)})` : 'n/a';

/** The backtest in words: one line per window, the misses, and the tier table of a single window. */
export function formatBacktest(r: BacktestResult): string {
  const out = [
    `Backtest: target ${r.target}; each ICP learned only from what was known before its date, then scored the ${r.unit}s that arrived after it.`,
    '',
    'as of       until        verdict     units  positives  AUC forward (95% CI)  CV AUC  A-B share  captured  lift  calib. err.',
  ];
  for (const w of r.windows) {
    out.push(
      [
        w.asOf,
        ` ${w.until}`,
        ` ${w.verdict.padEnd(10)}`,
        n(w.units).padStart(6),
        n(w.positives).padStart(10),
        ` ${auc(w.auc).padEnd(21)}`,
        (w.cvAuc ? w.cvAuc.auc.toFixed(3) : 'n/a').padStart(6),
        percent(w.shareAB).padStart(10),
        percent(w.capturedAB).padStart(9),
        (w.liftAB === null ? 'n/a' : w.liftAB.toFixed(2)).padStart(5),
        (w.calibrationError === null ? 'n/a' : w.calibrationError.toFixed(3)).padStart(12),
        w.weaker ? '  WEAKER than its cross-validation' : '',
      ].join(' '),
    );
  }
  const missed = r.windows.filter((w) => w.misses.length > 0);
  out.push('', 'Where the outcomes departed from the ICP (false-discovery rate 5%):');
  if (missed.length === 0) out.push('  nowhere: every bin did as its ICP predicted.');
  for (const w of missed) {
    for (const m of w.misses.slice(0, 5))
      out.push(
        `  from ${w.asOf}: ${m.attribute} = ${m.bin} did ${m.direction} than predicted: ${n(m.observed)} positives of ${n(m.n)} against ${m.expected.toFixed(1)} expected (q ${m.q.toFixed(3)}).`,
      );
  }
  if (r.windows.length === 1) {
    const w = r.windows[0] as BacktestWindow;
    out.push(
      '',
      'tier            units  positives  rate (95% CI)        share  captured  predicted',
    );
    for (const t of w.tiers.filter((x) => x.n > 0))
      out.push(
        [
          t.tier.padEnd(13),
          n(t.n).padStart(7),
          n(t.positives).padStart(10),
          ` ${`${percent(t.rate)} (${percent(t.lo)}-${percent(t.hi)})`.padEnd(19)}`,
          percent(t.share).padStart(6),
          percent(t.captured).padStart(9),
          percent(t.predicted).padStart(10),
        ].join(' '),
      );
  }
  return `${out.join('\n')}\n`;
}
