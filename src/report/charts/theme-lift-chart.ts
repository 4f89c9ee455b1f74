import type { TopLevelSpec } from 'vega-lite';
import { tierColourScale } from '../../core/icp/tier-colours.js';
import type { VocTheme } from '../../core/text/voc-result.js';
import { RANKED_TIERS as TIERS } from '../../core/icp/tiers.js';

// The tiers a mention ratio is measured for; colours from the one tier palette.

/** The rows the theme chart draws: one per theme and tier with a measured ratio. */
export function themeLiftRows(themes: readonly VocTheme[]) {
  return themes.flatMap((t) =>
    TIERS.flatMap((tier) => {
      const r = t.groups[tier].ratio;
      return r ? [{ theme: t.label, tier, ratio: r.ratio, lo: r.lo, hi: r.hi }] : [];
    }),
  );
}

/**
 * Each theme's mention ratio by tier with its 95% interval: 1 is what a tier would say given
 * how much and what kind of text it writes; the ICP's pain points sit right of 1 in A and B,
 * the bad fit's in C and D.
 */
export function themeLiftSpec(themes: readonly VocTheme[]): TopLevelSpec {
  const rows = themeLiftRows(themes);
  const y = {
    field: 'theme',
    type: 'nominal' as const,
    title: null,
    sort: themes.map((t) => t.label),
    axis: { labelLimit: 220 },
  };
  const x = { type: 'quantitative' as const, title: 'Mentions over expected (95% interval)' };
  const yOffset = { field: 'tier', type: 'nominal' as const, sort: [...TIERS] };
  return {
    width: 420,
    height: { step: 11 },
    title: {
      text: 'Themes by tier',
      subtitle: '1 = as often as the same amount and kinds of text would say it',
      subtitleFontSize: 11,
      subtitleColor: '#57606a',
    },
    data: { values: rows },
    layer: [
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: {
          y,
          yOffset,
          x: { ...x, field: 'lo' },
          x2: { field: 'hi' },
          color: {
            field: 'tier',
            type: 'nominal',
            legend: null,
            scale: tierColourScale(TIERS),
          },
        },
      },
      {
        mark: { type: 'point', filled: true, size: 50 },
        encoding: {
          y,
          yOffset,
          x: { ...x, field: 'ratio' },
          color: {
            field: 'tier',
            type: 'nominal',
            title: 'Tier',
            scale: tierColourScale(TIERS),
          },
        },
      },
      {
        data: { values: [{ one: 1 }] },
        mark: { type: 'rule', color: '#57606a', strokeDash: [4, 3] },
        encoding: { x: { field: 'one', type: 'quantitative' } },
      },
    ],
  };
}
