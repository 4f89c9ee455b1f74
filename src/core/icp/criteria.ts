import { z } from 'zod';
import type { Condition } from './definition.js';

/**
 * A hand-written ICP, as people keep it today: a name and criteria in plain words, no points.
 *
 * @example
 * name: Our ICP, 2026
 * criteria:
 *   - industry in [SaaS, Fintech]
 *   - employees between 200 and 2000
 *   - region = North America
 */
export const handIcpSchema = z.strictObject({
  name: z.string().min(1).optional(),
  criteria: z.array(z.string().min(1)).min(1),
});

export type HandIcp = z.infer<typeof handIcpSchema>;

/** The forms a criterion may take, for error messages. */
export const CRITERION_FORMS =
  'ATTRIBUTE in [a, b], ATTRIBUTE not in [a, b], ATTRIBUTE = a, ATTRIBUTE != a, ATTRIBUTE between 200 and 2000, ATTRIBUTE >= 50 (or >, <, <=), ATTRIBUTE is missing, ATTRIBUTE is present';

const SYMBOL = /^(.+?)\s*(>=|<=|!=|=|>|<)\s*(.+)$/;
const WORD = /^(.+?)\s+(not\s+in|in|between|is\s+not|is)\s+(.+)$/i;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Parses one criterion written in words into a condition. Equality keeps the value as text
 * (`in` with one value): whether the attribute is a number is known only against the data.
 * Throws a RangeError that quotes the criterion and lists the forms understood.
 *
 * @example parseCriterion('employees between 200 and 2000') // => { attribute: 'employees', op: 'between', min: 200, max: 2000 }
 */
export function parseCriterion(text: string): Condition {
  const t = text.trim();
  const fail = (why: string): never => {
    throw new RangeError(`"${t}": ${why}. Write one of: ${CRITERION_FORMS}.`);
  };
  // A word operator counts only when what follows has its shape, so "Time in market > 5" and
  // "Region = Europe in summer" keep their words.
  const word = WORD.exec(t);
  const wordShape =
    word !== null &&
    (/^not\s+in|^in$/i.test(word[2] as string)
      ? /^[[(]/.test((word[3] as string).trim()) || !SYMBOL.test(word[3] as string)
      : /^between$/i.test(word[2] as string)
        ? /\s+and\s+/i.test(word[3] as string)
        : /^(missing|present)$/i.test((word[3] as string).trim()));
  const m = wordShape ? word : (SYMBOL.exec(t) ?? word);
  if (!m) return fail('no operator found');
  const attribute = unquote((m[1] as string).trim());
  const op = (m[2] as string).toLowerCase().replace(/\s+/g, ' ');
  const rest = (m[3] as string).trim();
  if (attribute === '') return fail('no attribute before the operator');
  switch (op) {
    case 'in':
    case 'not in':
      return { attribute, op: op === 'in' ? 'in' : 'not_in', values: list(rest, fail) };
    case '=':
    case '!=':
      return { attribute, op: op === '=' ? 'in' : 'not_in', values: [unquote(rest)] };
    case 'is':
    case 'is not': {
      const what = rest.toLowerCase();
      if (what !== 'missing' && what !== 'present')
        return fail(`"is" takes missing or present, not "${rest}"`);
      const missing = (what === 'missing') === (op === 'is');
      return { attribute, op: missing ? 'missing' : 'present' };
    }
    case 'between': {
      const parts = rest.split(/\s+and\s+/i);
      if (parts.length !== 2) return fail('"between" takes two numbers joined by "and"');
      const [min, max] = parts.map((p) => number(p, fail)) as [number, number];
      if (min > max) return fail(`the range runs from ${min} down to ${max}`);
      return { attribute, op: 'between', min, max };
    }
    default:
      return { attribute, op: op as '<' | '<=' | '>' | '>=', value: number(rest, fail) };
  }
}

function list(rest: string, fail: (why: string) => never): string[] {
  const inner = /^[[(](.*)[\])]$/.exec(rest)?.[1] ?? rest;
  const values = inner
    .split(',')
    .map((v) => unquote(v.trim()))
    .filter((v) => v !== '');
  if (values.length === 0) fail('the list of values is empty');
  return values;
}

function number(text: string, fail: (why: string) => never): number {
  const t = text.trim().replace(/_/g, '');
  if (!NUMBER.test(t)) fail(`"${text.trim()}" is not a number`);
  return Number(t);
}

function unquote(v: string): string {
  const m = /^(["'])(.*)\1$/.exec(v);
  return m ? (m[2] as string) : v;
}
