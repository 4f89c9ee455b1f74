import type { TopLevelSpec } from 'vega-lite';
import type { ReportModel } from '../report-model.js';

type Quality = Extract<ReportModel['quality'], { available: true }>;

const pctAxis = (title: string) => ({
  type: 'quantitative' as const,
  title,
  axis: { format: '.0%' },
  scale: { domain: [0, 1] },
});

/**
 * Cumulative gains: units ranked by their out-of-fold score, best first; how many of all the
 * positives the top share holds. The diagonal is a random order.
 */
export function gainsSpec(q: Quality): TopLevelSpec {
  return {
    width: 320,
    height: 260,
    title: {
      text: 'Cumulative gains',
      subtitle: 'units ranked by out-of-fold score; diagonal: random order',
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: 'line', color: '#8c959f', strokeDash: [4, 4] },
        encoding: {
          x: { field: 'x', ...pctAxis('Share of units (best score first)') },
          y: { field: 'y', ...pctAxis('Share of positives found') },
        },
      },
      {
        data: { values: q.gains.map((g) => ({ x: g.share, y: g.captured })) },
        mark: { type: 'line', color: '#0969da', strokeWidth: 2 },
        encoding: {
          x: { field: 'x', ...pctAxis('Share of units (best score first)') },
          y: { field: 'y', ...pctAxis('Share of positives found') },
        },
      },
    ],
  };
}

/** Calibration: predicted probability against the observed rate, per tenth of the units; on the diagonal is right. */
export function calibrationSpec(q: Quality): TopLevelSpec {
  const top = Math.min(
    1,
    Math.max(0.1, ...q.calibration.map((c) => Math.max(c.hi, c.predicted))) * 1.05,
  );
  const axis = (title: string) => ({
    type: 'quantitative' as const,
    title,
    axis: { format: '.0%' },
    scale: { domain: [0, top] },
  });
  return {
    width: 320,
    height: 260,
    title: {
      text: 'Calibration',
      subtitle: 'tenths of the units by predicted probability; diagonal: exact',
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    layer: [
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: top, y: top },
          ],
        },
        mark: { type: 'line', color: '#8c959f', strokeDash: [4, 4] },
        encoding: {
          x: { field: 'x', ...axis('Predicted probability') },
          y: { field: 'y', ...axis('Observed rate (95% interval)') },
        },
      },
      {
        data: {
          values: q.calibration.map((c) => ({ x: c.predicted, y: c.observed, lo: c.lo, hi: c.hi })),
        },
        layer: [
          {
            mark: { type: 'rule', color: '#24292f' },
            encoding: {
              x: { field: 'x', ...axis('Predicted probability') },
              y: { field: 'lo', ...axis('Observed rate (95% interval)') },
              y2: { field: 'hi' },
            },
          },
          {
            mark: { type: 'point', filled: true, color: '#bc4c00', size: 50 },
            encoding: {
              x: { field: 'x', ...axis('Predicted probability') },
              y: { field: 'y', ...axis('Observed rate (95% interval)') },
            },
          },
        ],
      },
    ],
  };
}
