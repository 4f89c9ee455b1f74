import { categoryKey } from '../binning/normalize-category.js';
import { cellText, parseNumber } from '../parse/cell.js';
import type { Condition, HardRule } from './definition.js';

/**
 * Conditions of hard rules and segments: whether one holds for a record, the same in every
 * path that scores in JavaScript (library, API, backtest, dashboard), and how one reads in words.
 */

/** Does a condition hold for a record? Shared by rules and segments. */
export function conditionHolds(c: Condition, lookup: (name: string) => unknown): boolean {
  const raw = lookup(c.attribute);
  switch (c.op) {
    case 'missing':
    case 'present': {
      const empty = categoryKey(cellText(raw)) === null;
      return c.op === 'missing' ? empty : !empty;
    }
    case 'in':
    case 'not_in': {
      const key = categoryKey(cellText(raw));
      const inside = key !== null && c.values.some((v) => categoryKey(v) === key);
      return c.op === 'in' ? inside : key !== null && !inside;
    }
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const x = parseNumber(raw);
      if (Number.isNaN(x)) return false;
      return c.op === '<'
        ? x < c.value
        : c.op === '<='
          ? x <= c.value
          : c.op === '>'
            ? x > c.value
            : x >= c.value;
    }
    case 'between': {
      const x = parseNumber(raw);
      return !Number.isNaN(x) && x >= c.min && x <= c.max;
    }
    case 'range': {
      const x = parseNumber(raw);
      return !Number.isNaN(x) && (c.min === null || x >= c.min) && (c.max === null || x < c.max);
    }
    default: {
      const never: never = c;
      throw new Error(`unknown condition ${JSON.stringify(never)}`);
    }
  }
}

export function ruleHits(rule: HardRule, lookup: (name: string) => unknown): boolean {
  const holds = conditionHolds(rule.when, lookup);
  return rule.kind === 'disqualify' ? holds : !holds;
}

/** A condition in words: "Employees < 10", "Country in [US, CA]". */
export function describeCondition(c: Condition): string {
  switch (c.op) {
    case 'in':
    case 'not_in':
      return `${c.attribute} ${c.op === 'in' ? 'in' : 'not in'} [${c.values.join(', ')}]`;
    case 'between':
      return `${c.attribute} between ${c.min} and ${c.max}`;
    case 'range':
      return `${c.attribute} in [${c.min ?? '-inf'}, ${c.max ?? 'inf'})`;
    case 'missing':
    case 'present':
      return `${c.attribute} ${c.op}`;
    default:
      return `${c.attribute} ${c.op} ${c.value}`;
  }
}

export function describeRule(rule: HardRule): string {
  return `${rule.kind === 'disqualify' ? 'disqualify' : 'must have'}: ${describeCondition(rule.when)}${rule.note ? ` (${rule.note})` : ''}`;
}
