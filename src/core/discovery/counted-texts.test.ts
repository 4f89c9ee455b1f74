import { describe, expect, it } from 'vitest';
import { createRandom } from '../random/prng.js';
import { countedTexts } from './counted-texts.js';
import { runDiscovery } from './run-discovery.js';

/** Rows with a signal in a category and a number, a constant column and an id-like one. */
function rows(n: number) {
  const r = createRandom(5);
  const plan: (string | null)[] = [];
  const constant: (string | null)[] = [];
  const code: (string | null)[] = [];
  const size = new Float64Array(n);
  const target = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const u = r.next();
    plan.push(u < 0.05 ? null : u < 0.4 ? 'Pro' : u < 0.8 ? 'basic' : 'Team ');
    constant.push('same');
    code.push(`c${i}`);
    size[i] = Math.floor(200 * r.next());
    const logit = -1.2 + (plan[i] === 'Pro' ? 1.1 : 0) + size[i] / 200;
    target[i] = r.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { numbers: { size }, texts: { plan, constant, code }, target };
}

describe('countedTexts', () => {
  it('gives discovery the result it finds from the texts, with the texts dropped', () => {
    const data = rows(4000);
    const candidates = [
      { name: 'plan', kind: 'categorical' as const },
      { name: 'constant', kind: 'categorical' as const },
      { name: 'code', kind: 'categorical' as const },
      { name: 'size', kind: 'numeric' as const },
    ];
    const counted = countedTexts(data, candidates, data.target.length);
    expect([...counted.keys()]).toEqual(['plan', 'constant', 'code']);
    expect(() => counted.get('constant')?.fine()).toThrow(
      '"constant" was screened out: it has no fine bins',
    );
    const fromTexts = runDiscovery({ ...data, candidates });
    const fromCounts = runDiscovery({ ...data, texts: {}, candidates, counted });
    expect(fromTexts.verdict.kind).toBe('scorecard');
    expect(fromTexts.excluded.map((e) => e.attribute)).toEqual(['constant', 'code']);
    expect(fromCounts).toEqual(fromTexts);
  });
});
