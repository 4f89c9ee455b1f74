import { IcpError } from '../errors/icp-error.js';
import { normalizeHeader } from '../model/canonical.js';
import type { IcpDefinition } from './definition.js';
import { columnResolver, deriveRules } from './normalise-sql.js';
import { andList, roundHalfUp, SHARE_DECIMALS, scorePlan } from './score-plan.js';
import { percent } from '../format/percent.js';

/** Scorecard attribute -> the column (or record field) holding it. */
export type AttributeMap = Readonly<Record<string, string>>;

const EXAMPLE = '--map "Employees=employee_count,Industry=category_list"';

/**
 * Reads `--map` text: comma-separated ATTRIBUTE=COLUMN pairs.
 *
 * @example parseAttributeMap('Employees=employee_count') // => { Employees: 'employee_count' }
 */
export function parseAttributeMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of text.split(',')) {
    const at = entry.indexOf('=');
    const attribute = entry.slice(0, at).trim();
    const column = entry.slice(at + 1).trim();
    if (at < 0 || attribute === '' || column === '')
      throw new IcpError(
        'USAGE',
        `--map: ${JSON.stringify(entry.trim())} is not ATTRIBUTE=COLUMN. Write for example ${EXAMPLE}.`,
      );
    if (Object.hasOwn(map, attribute))
      throw new IcpError('USAGE', `--map names ${JSON.stringify(attribute)} twice; keep one.`);
    map[attribute] = column;
  }
  return map;
}

/**
 * The map keyed by the ICP's own attribute names (matched ignoring case and punctuation, as
 * everywhere); an attribute the ICP does not read is an error naming the ones it does.
 */
export function checkAttributeMap(icp: IcpDefinition, map: AttributeMap): Record<string, string> {
  const names = [
    ...new Set([
      ...(icp.scorecard?.attributes ?? []).map((a) => a.name),
      ...icp.rules.map((r) => r.when.attribute),
    ]),
  ];
  const out: Record<string, string> = {};
  for (const [given, column] of Object.entries(map)) {
    const name =
      names.find((n) => n === given) ??
      names.find((n) => normalizeHeader(n) === normalizeHeader(given));
    if (name === undefined)
      throw new IcpError(
        'USAGE',
        `map: ${JSON.stringify(given)} is not an attribute of ICP ${icp.id}; its attributes are ${names.join(', ')}. Map one of those.`,
      );
    out[name] = column;
  }
  return out;
}

/** Where a scorecard attribute's values come from in a file. */
export interface AttributeSource {
  readonly attribute: string;
  /**
   * found: a column of its name (ignoring case and punctuation), or of its source for a derived
   * attribute ("founded_at" for "founded_at (years ago)"); mapped: named by the map; absent: none.
   */
  readonly how: 'found' | 'mapped' | 'absent';
  readonly column: string | null;
  /** The attribute's share of the scorecard's weight (see docs/scoring.md, coverage). */
  readonly weight: number;
}

/**
 * Each scorecard attribute's column in a file with these headers, and the most coverage a row
 * of the file can reach (every present column filled in). A mapped column the file lacks is
 * an error naming the columns it has.
 */
export function attributeSources(
  icp: IcpDefinition,
  headers: readonly string[],
  map: AttributeMap,
  file: string,
): { sources: AttributeSource[]; bestCoverage: number } {
  const plan = scorePlan(icp);
  // A header by name, ignoring case and punctuation, and the column every scoring path reads a
  // derived attribute from: the same definitions as the compiled SQL's (normalise-sql.ts).
  const column = columnResolver(headers, undefined);
  const derived = deriveRules(icp, map);
  let best = 0;
  const sources = plan.attributes.map((a): AttributeSource => {
    const mapped = map[a.name];
    if (mapped !== undefined) {
      const found = column(mapped);
      if (found === undefined)
        throw new IcpError(
          'USAGE',
          `map ${a.name}=${mapped}: ${file} has no column ${JSON.stringify(mapped)}; its columns are ${listed(headers)}.`,
        );
      best += a.weight;
      return { attribute: a.name, how: 'mapped', column: found, weight: a.weight };
    }
    // A derived attribute (a date's age, an item of a list) is read from its source column.
    const found = column(derived.get(a.name)?.from ?? a.name);
    if (found !== undefined) best += a.weight;
    return found === undefined
      ? { attribute: a.name, how: 'absent', column: null, weight: a.weight }
      : { attribute: a.name, how: 'found', column: found, weight: a.weight };
  });
  return { sources, bestCoverage: roundHalfUp(best, SHARE_DECIMALS) };
}

/** The first 20 headers, and how many more. */
export function listed(headers: readonly string[]): string {
  const shown = headers.slice(0, 20).join(', ');
  return headers.length > 20 ? `${shown} and ${headers.length - 20} more` : shown;
}

/**
 * The refusal when the file's columns cannot give any row the minimum coverage: most of the
 * score would come from attributes the file does not have.
 */
export function tooLittleKnown(
  icp: IcpDefinition,
  data: string,
  headers: readonly string[],
  sources: readonly AttributeSource[],
  minCoverage: number,
): IcpError {
  const absent = sources.filter((x) => x.how === 'absent');
  const share = absent.reduce((w, x) => w + x.weight, 0);
  return new IcpError(
    'DATA',
    `${data}: no column for ${andList(absent.map((x) => x.attribute))}, which carry ${percent(share)} of the weight of ICP ${icp.id}'s scorecard, so no row could be tiered (a tier needs ${percent(minCoverage)} of the weight known). Map them to the file's columns with --map "${absent
      .slice(0, 2)
      .map((x) => `${x.attribute}=COLUMN`)
      .join(
        ',',
      )}" (its columns: ${listed(headers)}), or score anyway with --allow-partial (every row gets tier unknown).`,
  );
}
