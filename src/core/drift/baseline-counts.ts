import type { IcpDefinition } from '../icp/definition.js';
import type { scoreRecord } from '../icp/score-record.js';

export type Attribute = NonNullable<IcpDefinition['scorecard']>['attributes'][number];
export type Counts = { readonly count: number; readonly positives: number };

/**
 * Each bin's outcome counts among the units that arrived before the first window: what a
 * window is compared with. An ICP learned on data that include the windows would otherwise be
 * compared with itself (a segment that arrived late is averaged into its own baseline). With
 * no unit before the first window, the counts stored in the ICP (its training data) stand in.
 */
export function baselineCounts(
  attributes: readonly Attribute[],
  first: string,
  at: readonly string[],
  y: Uint8Array,
  scored: readonly ReturnType<typeof scoreRecord>[],
) {
  const before: number[] = [];
  at.forEach((d, i) => {
    if (d !== '' && d < first) before.push(i);
  });
  const counts = new Map<string, Map<string, { count: number; positives: number }>>();
  for (const a of attributes) {
    const m = new Map(a.bins.map((b) => [b.bin.label, { count: 0, positives: 0 }]));
    for (const i of before) {
      const c = m.get(scored[i]?.reasons.find((r) => r.attribute === a.name)?.bin ?? '');
      if (c) {
        c.count++;
        c.positives += y[i] as number;
      }
    }
    counts.set(a.name, m);
  }
  const measured = before.length > 0;
  return {
    words: measured
      ? `before ${first} (${before.length.toLocaleString('en-US')} units)`
      : 'when the ICP was learned',
    bins: (name: string, b: Attribute['bins'][number]): Counts =>
      measured ? (counts.get(name)?.get(b.bin.label) ?? { count: 0, positives: 0 }) : b,
    all: (a: Attribute): readonly Counts[] =>
      measured ? [...(counts.get(a.name)?.values() ?? [])] : a.bins,
  };
}
