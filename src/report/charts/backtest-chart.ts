import type { TopLevelSpec } from 'vega-lite';
import type { ReportModel } from '../report-model.js';

type Backtest = Extract<ReportModel['backtest'], { available: true }>;

/** The rows the backtest chart draws: per quarter, the forward AUC (with interval) and the A-B capture. */
export function backtestRows(b: Backtest) {
  return b.windows.flatMap((w) => [
    ...(w.auc
      ? [{ quarter: w.asOf, measure: 'forward AUC', value: w.auc.auc, lo: w.auc.lo, hi: w.auc.hi }]
      : []),
    ...(w.cvAuc
      ? [
          {
            quarter: w.asOf,
            measure: 'cross-validated AUC',
            value: w.cvAuc.auc,
            lo: w.cvAuc.lo,
            hi: w.cvAuc.hi,
          },
        ]
      : []),
    ...(w.capturedAB !== null
      ? [
          {
            quarter: w.asOf,
            measure: 'positives in tiers A-B',
            value: w.capturedAB,
            lo: w.capturedAB,
            hi: w.capturedAB,
          },
        ]
      : []),
  ]);
}

/**
 * How discovery would have done each quarter, in two panels that share the quarters: the AUC on
 * the quarter that followed against the AUC it promised (cross-validated), and, on its own
 * axis, the share of the quarter's positives in tiers A-B. An AUC and a share are different
 * quantities, so they never share an axis.
 */
export function backtestSpec(b: Backtest): TopLevelSpec {
  const rows = backtestRows(b);
  const x = {
    field: 'quarter',
    type: 'ordinal' as const,
    title: 'Quarter (discovery before its first day)',
    axis: { labelAngle: -30 },
    sort: b.windows.map((w) => w.asOf),
  };
  const auc = ['forward AUC', 'cross-validated AUC'];
  const panel = (
    measures: readonly string[],
    title: string,
    colours: readonly string[],
    format: string,
    last: boolean,
  ) => {
    // The quarters are named once, under the bottom panel.
    const xs = last ? x : { ...x, title: null, axis: { labels: false, ticks: false } };
    const y = { type: 'quantitative' as const, title, axis: { format }, scale: { domain: [0, 1] } };
    const color = {
      field: 'measure',
      type: 'nominal' as const,
      title: null,
      scale: { domain: [...measures], range: [...colours] },
      legend: { orient: 'top' as const, labelLimit: 260, symbolLimit: 0 },
    };
    return {
      width: 520,
      height: 150,
      transform: [{ filter: { field: 'measure', oneOf: [...measures] } }],
      layer: [
        {
          mark: { type: 'rule' as const, opacity: 0.5 },
          encoding: { x: xs, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
        },
        {
          mark: { type: 'line' as const, point: true },
          encoding: { x: xs, y: { ...y, field: 'value' }, color },
        },
      ],
    };
  };
  return {
    title: {
      text: 'Backtest by quarter',
      subtitle:
        'top: AUC, 0.5 is chance, below the cross-validated one means the ICP aged; bottom: share of positives in A-B',
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    data: { values: rows },
    // Each panel has its own measures and colours (and its own y axis).
    resolve: { scale: { color: 'independent' } },
    vconcat: [
      panel(auc, 'AUC (95% interval)', ['#0969da', '#8c959f'], '.2f', false),
      panel(['positives in tiers A-B'], 'Share of positives', ['#1a7f37'], '.0%', true),
    ],
  } as TopLevelSpec;
}
