import { closest, distance } from 'fastest-levenshtein';
import { categoryKey } from '../../core/binning/normalize-category.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { parseCriterion } from '../../core/icp/criteria.js';
import type { Condition } from '../../core/icp/definition.js';
import { normalizeHeader } from '../../core/model/canonical.js';
import { quoteIdent } from '../../core/sql/quote.js';
import type { Dataset } from '../../data/load/load-dataset.js';
import type { PreparedAttributes } from '../analysis/prepare-attributes.js';
import type { TableRef } from '../analysis/table-ref.js';

/**
 * Parses each criterion and checks it against the data: the attribute must exist (else the
 * closest name is offered), category values must occur (else the closest value is offered),
 * and numeric comparisons need a numeric attribute. Values are read from `attributes.table`.
 */
export async function resolveCriteria(
  dataset: Dataset,
  attributes: Pick<PreparedAttributes, 'table' | 'candidates'>,
  criteria: readonly string[],
  file: string,
): Promise<Condition[]> {
  const { candidates } = attributes;
  const names = candidates.map((c) => c.name);
  const out: Condition[] = [];
  for (const [i, text] of criteria.entries()) {
    const where = `${file}: criteria[${i}] "${text}"`;
    let c: Condition;
    try {
      c = parseCriterion(text);
    } catch (error) {
      throw new IcpError('CONFIG', `${file}: criteria[${i}] ${(error as Error).message}`);
    }
    const attr = candidates.find((x) => normalizeHeader(x.name) === normalizeHeader(c.attribute));
    if (!attr) {
      throw new IcpError(
        'CONFIG',
        `${where}: no attribute "${c.attribute}" in the data. Did you mean "${closest(c.attribute, names)}"? Attributes: ${names.join(', ')}.`,
      );
    }
    c = { ...c, attribute: attr.name };
    if (attr.kind === 'numeric' && (c.op === 'in' || c.op === 'not_in')) {
      const values = c.values.map(Number);
      if (values.length === 1 && Number.isFinite(values[0])) {
        const v = values[0] as number;
        c =
          c.op === 'in'
            ? { attribute: attr.name, op: 'between', min: v, max: v }
            : { attribute: attr.name, op: 'not_in', values: c.values };
        if (c.op === 'between') {
          out.push(c);
          continue;
        }
      }
      throw new IcpError(
        'CONFIG',
        `${where}: ${attr.name} is a number; compare it with between, >=, >, <= or <.`,
      );
    }
    if (
      attr.kind === 'categorical' &&
      c.op !== 'in' &&
      c.op !== 'not_in' &&
      c.op !== 'missing' &&
      c.op !== 'present'
    ) {
      throw new IcpError(
        'CONFIG',
        `${where}: ${attr.name} is a category, not a number; write "${attr.name} in [a, b]".`,
      );
    }
    if (c.op === 'in' || c.op === 'not_in') {
      const seen = await distinctLabels(dataset, attributes.table, attr.name);
      const keys = new Map(seen.map((s) => [categoryKey(s), s]));
      for (const v of c.values) {
        if (keys.has(categoryKey(v))) continue;
        throw new IcpError(
          'CONFIG',
          `${where}: ${attr.name} is never "${v}" in the data. Did you mean "${closestLabel(v, seen)}"? Values: ${seen.slice(0, 20).join(', ')}${seen.length > 20 ? `, and ${seen.length - 20} more` : ''}.`,
        );
      }
    }
    out.push(c);
  }
  return out;
}

async function distinctLabels(
  dataset: Dataset,
  table: TableRef,
  column: string,
): Promise<string[]> {
  const rows = await dataset.db.all(
    `SELECT CAST(${quoteIdent(column)} AS VARCHAR) AS v, count(*) AS n FROM ${table} WHERE ${quoteIdent(column)} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v`,
  );
  const byKey = new Map<string, string>();
  for (const r of rows) {
    const v = String(r.v);
    const k = categoryKey(v);
    if (k !== null && !byKey.has(k)) byKey.set(k, v);
  }
  return [...byKey.values()];
}

function closestLabel(v: string, seen: readonly string[]): string {
  const key = categoryKey(v) ?? v.toLowerCase();
  let best = seen[0] ?? '';
  let bestD = Number.POSITIVE_INFINITY;
  for (const s of seen) {
    const d = distance(key, categoryKey(s) ?? s.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = s;
    }
  }
  return best;
}
