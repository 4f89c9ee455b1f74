import { categoryKey } from '../binning/normalize-category.js';
import type { Condition, IcpDefinition } from './definition.js';
import { type DialectSql, dialectSql } from './dialect-sql.js';
import { binKeys } from './to-bins.js';
import { knownCondition, MATCH, NO_MATCH, NOT_KNOWN } from './score-interactions.js';

/** Stage 1 of the scoring SQL: each attribute read as a normalised key or number, once. */
export interface Normaliser {
  /** The SQL naming the attribute's normalised value (a column of stage n). */
  readonly value: (name: string, kind: 'key' | 'number') => string;
  /** The normalised values asked for so far, as SQL and the alias of each. */
  readonly stage: () => readonly { alias: string; sql: string }[];
}

/**
 * Stages 1 and 2: every attribute a scorecard bin, interaction or hard rule reads, normalised
 * once (n), then the bin of each scorecard attribute, each interaction's bin after them
 * (`__icp_b<attributes + k>`, see `interactionBin`) and whether each hard rule is hit (b).
 */
export function binStages(
  icp: IcpDefinition,
  normaliser: Normaliser,
  d: DialectSql = dialectSql('duckdb'),
): { values: string[]; aliases: string[]; bins: string[]; hits: string[] } {
  const { value } = normaliser;
  const { quoteLiteral, lit } = d;
  const bins = icp.scorecard!.attributes.map((attr, i) => {
    const missing = attr.bins.findIndex((b) => b.bin.kind === 'missing');
    const whens: string[] = [];
    if (attr.kind === 'numeric') {
      const x = value(attr.name, 'number');
      whens.push(`WHEN ${x} IS NULL THEN ${missing}`);
      attr.bins.forEach((b, j) => {
        if (b.bin.kind === 'range' && b.bin.hi !== null)
          whens.push(`WHEN ${x} < ${lit(b.bin.hi)} THEN ${j}`);
      });
      whens.push(`ELSE ${attr.bins.findIndex((b) => b.bin.kind === 'range' && b.bin.hi === null)}`);
    } else {
      const k = value(attr.name, 'key');
      const other = attr.bins.findIndex((b) => b.bin.kind === 'other');
      whens.push(`WHEN ${k} IS NULL THEN ${missing}`);
      attr.bins.forEach((b, j) => {
        if (b.bin.kind === 'categories')
          whens.push(`WHEN ${d.inList(k, binKeys(b.bin.values).map(quoteLiteral))} THEN ${j}`);
      });
      whens.push(`ELSE ${other >= 0 ? other : missing}`);
    }
    return `CASE ${whens.join(' ')} END AS __icp_b${i}`;
  });
  const n = bins.length;
  for (const [k, t] of (icp.scorecard!.interactions ?? []).entries())
    bins.push(`${interactionSql(t.conditions, value, d)} AS __icp_b${n + k}`);
  const hits = icp.rules.map(
    (r, j) =>
      `${r.kind === 'disqualify' ? ruleCondition(r.when, value, d) : `NOT ${ruleCondition(r.when, value, d)}`} AS __icp_h${j}`,
  );
  const stage = normaliser.stage();
  return {
    values: stage.map((v) => `${v.sql} AS ${v.alias}`),
    aliases: stage.map((v) => v.alias),
    bins,
    hits,
  };
}

/** `interactionBin` in SQL: MATCH, else NO_MATCH when a known condition fails, else NOT_KNOWN. */
function interactionSql(
  conditions: readonly Condition[],
  value: Normaliser['value'],
  d: DialectSql,
): string {
  if (d.name === 'duckdb') {
    // Each condition once, in three-valued logic: TRUE where it holds, FALSE where it fails on
    // a known value, NULL where its value is not known. Their AND is TRUE (every one holds),
    // FALSE (a known one fails) or NULL (otherwise): 1, 0 or NULL as an integer.
    const all = conditions.map((c) => knownOrNull(c, value, d)).join(' AND ');
    return `coalesce(CAST((${all}) AS INTEGER), ${NOT_KNOWN})`;
  }
  const fails = conditions.map((c) => {
    const known = knownCondition(c);
    const no = `NOT ${ruleCondition(c, value, d)}`;
    return known === null ? no : `(${no} AND ${ruleCondition(known, value, d)})`;
  });
  return `CASE WHEN ${conditions.map((c) => ruleCondition(c, value, d)).join(' AND ')} THEN ${MATCH} WHEN ${fails.join(' OR ')} THEN ${NO_MATCH} ELSE ${NOT_KNOWN} END`;
}

// `interactionSql` reads TRUE and FALSE as these bins.
const _bins: [typeof NO_MATCH, typeof MATCH] = [0, 1];

/**
 * An interaction's condition over the normalised values: TRUE or FALSE where `knownCondition`
 * holds, NULL where it does not (so `ruleCondition` is its value or FALSE).
 */
function knownOrNull(c: Condition, value: Normaliser['value'], d: DialectSql): string {
  const { quoteLiteral, lit } = d;
  switch (c.op) {
    case 'missing':
    case 'present':
      return ruleCondition(c, value, d);
    case 'in':
    case 'not_in': {
      const keys = c.values.map((v) => categoryKey(v)).filter((key): key is string => key !== null);
      const inside = d.inList(value(c.attribute, 'key'), keys.map(quoteLiteral));
      return c.op === 'in' ? inside : `(NOT ${inside})`;
    }
    case 'between':
      return `(${value(c.attribute, 'number')} BETWEEN ${lit(c.min)} AND ${lit(c.max)})`;
    case 'range': {
      const x = value(c.attribute, 'number');
      const ends = [
        ...(c.min === null ? [] : [`${x} >= ${lit(c.min)}`]),
        ...(c.max === null ? [] : [`${x} < ${lit(c.max)}`]),
      ];
      return ends.length > 0
        ? `(${ends.join(' AND ')})`
        : `(CASE WHEN ${x} IS NOT NULL THEN TRUE END)`;
    }
    default:
      return `(${value(c.attribute, 'number')} ${c.op} ${lit(c.value)})`;
  }
}

/**
 * A hard rule's or interaction's condition over the normalised values, FALSE (never NULL) where
 * the value is missing.
 */
function ruleCondition(c: Condition, value: Normaliser['value'], d: DialectSql): string {
  const { quoteLiteral, lit } = d;
  const FALSE = d.false;
  switch (c.op) {
    case 'missing':
      return `(${value(c.attribute, 'key')} IS NULL)`;
    case 'present':
      return `(${value(c.attribute, 'key')} IS NOT NULL)`;
    case 'in':
    case 'not_in': {
      const k = value(c.attribute, 'key');
      const keys = c.values.map((v) => categoryKey(v)).filter((key): key is string => key !== null);
      const inside = d.inList(k, keys.map(quoteLiteral));
      return c.op === 'in'
        ? `coalesce(${inside}, ${FALSE})`
        : `coalesce(${k} IS NOT NULL AND NOT (${inside}), ${FALSE})`;
    }
    case 'between':
      return `coalesce(${value(c.attribute, 'number')} BETWEEN ${lit(c.min)} AND ${lit(c.max)}, ${FALSE})`;
    case 'range': {
      const x = value(c.attribute, 'number');
      return `coalesce(${x} IS NOT NULL${c.min === null ? '' : ` AND ${x} >= ${lit(c.min)}`}${c.max === null ? '' : ` AND ${x} < ${lit(c.max)}`}, ${FALSE})`;
    }
    default:
      return `coalesce(${value(c.attribute, 'number')} ${c.op} ${lit(c.value)}, ${FALSE})`;
  }
}
