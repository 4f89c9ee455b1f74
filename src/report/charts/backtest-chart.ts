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
 * How discovery would have done each quarter: the AUC on the quarter that followed against
 * the AUC it promised (cross-validated), and the share of the quarter's positives in tiers A-B.
 */
export function backtestSpec(b: Backtest): TopLevelSpec {
  const measures = ['forward AUC', 'cross-validated AUC', 'positives in tiers A-B'];
  const x = {
    field: 'quarter',
    type: 'ordinal' as const,
    title: 'Quarter (discovery before its first day)',
    axis: { labelAngle: -30 },
  };
  const y = {
    type: 'quantitative' as const,
    title: 'AUC or share (95% interval)',
    scale: { domain: [0, 1] },
  };
  const color = {
    field: 'measure',
    type: 'nominal' as const,
    title: 'Measure',
    scale: { domain: measures, range: ['#0969da', '#8c959f', '#1a7f37'] },
    legend: { orient: 'bottom' as const, labelLimit: 260, columns: 3, symbolLimit: 0 },
  };
  return {
    width: 520,
    height: 240,
    title: {
      text: 'Backtest by quarter',
      subtitle: 'AUC 0.5 is chance; a forward AUC below the cross-validated one means the ICP aged',
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    data: { values: backtestRows(b) },
    layer: [
      {
        mark: { type: 'rule', opacity: 0.5 },
        encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
      },
      { mark: { type: 'line', point: true }, encoding: { x, y: { ...y, field: 'value' }, color } },
    ],
  };
}
