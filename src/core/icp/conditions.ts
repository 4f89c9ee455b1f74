import type { Bin } from '../binning/types.js';
import type { Condition, StoredBin } from './definition.js';

/** A bin as the condition "attribute falls in this bin", as stored in icp.json. */
export function binCondition(attribute: string, bin: Bin, siblings: readonly Bin[]): Condition {
  switch (bin.kind) {
    case 'range':
      return {
        attribute,
        op: 'range',
        min: Number.isFinite(bin.lo) ? bin.lo : null,
        max: Number.isFinite(bin.hi) ? bin.hi : null,
      };
    case 'categories':
      return { attribute, op: 'in', values: [bin.label] };
    case 'other': {
      const kept = siblings.flatMap((b) => (b.kind === 'categories' ? [b.label] : []));
      // With every level rare, "other" is simply "filled in".
      return kept.length > 0
        ? { attribute, op: 'not_in', values: kept }
        : { attribute, op: 'present' };
    }
    case 'missing':
      return { attribute, op: 'missing' };
    default: {
      const never: never = bin;
      throw new Error(`unknown bin ${JSON.stringify(never)}`);
    }
  }
}

/** "Industry = Fintech", "Employees 200 – 1,000", "Country missing": a condition in words. */
export function conditionLabel(attribute: string, bin: Bin): string {
  switch (bin.kind) {
    case 'categories':
      return `${attribute} = ${bin.label}`;
    case 'range':
      // A special value's bin is labelled by the value alone ("0", "98").
      return /^[-+]?[\d,.]+$/.test(bin.label)
        ? `${attribute} = ${bin.label}`
        : `${attribute} ${bin.label}`;
    case 'other':
      return `${attribute} = other (rare values)`;
    case 'missing':
      return `${attribute} missing`;
    default: {
      const never: never = bin;
      throw new Error(`unknown bin ${JSON.stringify(never)}`);
    }
  }
}

/** JSON has no Infinity: open ends of ranges are stored as null. */
export function storeBin(bin: Bin): StoredBin {
  if (bin.kind === 'range') {
    return {
      kind: 'range',
      lo: Number.isFinite(bin.lo) ? bin.lo : null,
      hi: Number.isFinite(bin.hi) ? bin.hi : null,
      label: bin.label,
    };
  }
  return bin.kind === 'categories'
    ? { kind: 'categories', values: [...bin.values], label: bin.label }
    : { ...bin };
}
