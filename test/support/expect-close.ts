import { expect } from 'vitest';
import type { IcpDefinition } from '../../src/core/icp/definition.js';

/**
 * Every number of two values equal to 1e-9 (relative beyond 1), everything else exactly; a
 * difference names its path (`.scorecard.attributes.0.bins.3.points`).
 */
export function expectClose(a: unknown, b: unknown, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a)))
      throw new Error(`${path}: ${a} and ${b} differ by more than 1e-9`);
    return;
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a), path).toEqual(Object.keys(b));
    for (const k of Object.keys(a))
      expectClose(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
      );
    return;
  }
  expect(a, path).toEqual(b);
}

/** The ICP without what names its source (id, name, provenance). */
export function icpBody(icp: IcpDefinition) {
  const { id: _id, name: _name, provenance: _provenance, ...rest } = icp;
  return rest;
}
