import { type ErrorCode, IcpError } from '../../core/errors/icp-error.js';
import type { Condition, IcpDefinition } from '../../core/icp/definition.js';
import { showValue } from '../../core/issues/value-display.js';

/**
 * What the schema cannot say about an ICP but scoring relies on: tier thresholds in order
 * (A >= B >= C), ranges that do not run backwards (lo <= hi, min <= max), and no NUL
 * character in any text (no SQL literal can hold one). A hand edit can break each; discovery
 * on data holding NUL could write the last. Throws naming the field.
 *
 * @example checkIcpValues(icp, 'icp.json', 'CONFIG');
 */
export function checkIcpValues(icp: IcpDefinition, where: string, code: ErrorCode): void {
  const problem = firstProblem(icp);
  if (problem) throw new IcpError(code, `${where}: ${problem}`);
}

function firstProblem(icp: IcpDefinition): string | undefined {
  const nul = findNul(icp, '');
  if (nul) {
    return `${nul.path} holds a NUL character (${showValue(nul.value)}), which no database can compare. Remove it from the data and discover again, or from the file.`;
  }
  const t = icp.tiers;
  if (t && (t.A < t.B || t.B < t.C)) {
    return `tiers are out of order (A ${t.A}, B ${t.B}, C ${t.C}): each is the lowest score of its tier, so A >= B >= C. Restore them from the output of "icp discover".`;
  }
  for (const [i, a] of (icp.scorecard?.attributes ?? []).entries()) {
    for (const [j, { bin }] of a.bins.entries()) {
      if (bin.kind === 'range' && bin.lo !== null && bin.hi !== null && bin.lo > bin.hi) {
        return `scorecard.attributes[${i}].bins[${j}].bin (${a.name}) runs backwards: lo ${bin.lo} is above hi ${bin.hi}. A range goes from lo up to hi: swap them.`;
      }
    }
  }
  const conditions = [
    ...icp.rules.map((r, i) => ({ path: `rules[${i}].when`, c: r.when })),
    ...icp.segments.flatMap((s, i) =>
      s.conditions.map((c, k) => ({ path: `segments[${i}].conditions[${k}]`, c })),
    ),
    ...icp.anti_segments.flatMap((s, i) =>
      s.conditions.map((c, k) => ({ path: `anti_segments[${i}].conditions[${k}]`, c })),
    ),
  ];
  for (const { path, c } of conditions) {
    const backwards = backwardsRange(c);
    if (backwards) return `${path} (${c.attribute}) runs backwards: ${backwards}: swap them.`;
  }
  return undefined;
}

function backwardsRange(c: Condition): string | undefined {
  if (c.op !== 'between' && c.op !== 'range') return undefined;
  const { min, max } = c;
  return min !== null && max !== null && min > max ? `min ${min} is above max ${max}` : undefined;
}

/** The first string (key or value) holding NUL, with its path in the file. */
function findNul(value: unknown, path: string): { path: string; value: string } | undefined {
  if (typeof value === 'string') return value.includes('\0') ? { path, value } : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = findNul(v, `${path}[${i}]`);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      if (k.includes('\0')) return { path: at, value: k };
      const hit = findNul(v, at);
      if (hit) return hit;
    }
  }
  return undefined;
}
