import { isIntervalWord } from '../model/billing-interval.js';
import { TABLE_NAMES, type TableName, tableSpec } from '../model/canonical.js';
import type { ExportShape, ShapeCandidate, ShapeColumn } from './export-shape.js';
import { genericShape, isWeakKey, NAME_HINTS } from './generic-shapes.js';
import { headerKey, headerKeys, objectPrefix } from './header-key.js';
import { BILLING_SHAPES } from './shapes-billing.js';
import { HUBSPOT_SHAPES } from './shapes-hubspot.js';
import { PIPEDRIVE_SHAPES } from './shapes-pipedrive.js';
import { SALESFORCE_SHAPES } from './shapes-salesforce.js';
import { SUPPORT_SHAPES } from './shapes-support.js';

/** Every vendor export shape recognised. */
export const EXPORT_SHAPES: readonly ExportShape[] = [
  ...HUBSPOT_SHAPES,
  ...SALESFORCE_SHAPES,
  ...PIPEDRIVE_SHAPES,
  ...BILLING_SHAPES,
  ...SUPPORT_SHAPES,
];

/** How sure a guess is: said beside every guess, so a weak one is never silent. */
export type Confidence = 'sure' | 'likely' | 'weak';

/** A file read as one shape: which header gives each canonical column, and why we think so. */
export interface ShapeMatch {
  readonly shape: ExportShape;
  /** Matched by the canonical column names alone, not by a vendor's export. */
  readonly generic: boolean;
  readonly table: TableName;
  /** Canonical column -> the file's header, with its units (`per` / `quantity` are headers too). */
  readonly columns: Readonly<Record<string, ShapeColumn>>;
  /** The file's headers that were the evidence. */
  readonly evidence: readonly string[];
  /** The file's won / closed yes-no columns, for deals. */
  readonly flags: { readonly won?: string; readonly closed?: string };
  readonly confidence: Confidence;
  /** Why, in words: `sure: headers "Deal ID", "Deal Stage" match HubSpot deals`. */
  readonly reason: string;
  /** Units assumed because a column they depend on is missing, in words. */
  readonly assumptions: readonly string[];
  readonly score: number;
}

/** Finds a file's header for a candidate: as written for API shapes, else by its keys. */
class HeaderIndex {
  private readonly byKey = new Map<string, string>();
  constructor(private readonly headers: readonly string[]) {
    const prefix = objectPrefix(headers);
    const levels = headers.map((h) => headerKeys(h, prefix));
    for (let level = 0; level < 3; level++) {
      headers.forEach((h, i) => {
        const key = levels[i]?.[level];
        if (key !== undefined && !this.byKey.has(key)) this.byKey.set(key, h);
      });
    }
  }
  find(candidate: string, exact: boolean): string | undefined {
    if (exact) return this.headers.find((h) => h.trim() === candidate);
    return this.byKey.get(headerKey(candidate));
  }
}

const candidateColumn = (c: ShapeCandidate): ShapeColumn =>
  typeof c === 'string' ? { header: c } : c;

/**
 * Reads a file's headers as one shape. Returns undefined when the table's required columns
 * are not all there, or, for a vendor shape, when too few of its marks are.
 */
export function matchShape(
  shape: ExportShape,
  headers: readonly string[],
  file = '',
  options: { accountFrom?: boolean } = {},
): ShapeMatch | undefined {
  const index = new HeaderIndex(headers);
  const exact = shape.exact === true;
  const generic = shape.marks.length === 0;
  const used = new Set<string>();
  const columns: Record<string, ShapeColumn> = {};
  const assumptions: string[] = [];
  const own = new Set<string>();
  const take = (canonical: string, candidates: readonly ShapeCandidate[], strict: boolean) => {
    for (const c of candidates.map(candidateColumn)) {
      const header = index.find(c.header, strict);
      if (header === undefined || used.has(header)) continue;
      columns[canonical] = withUnits(c, header, index, strict, assumptions);
      used.add(header);
      return true;
    }
    return false;
  };
  for (const [canonical, candidates] of Object.entries(shape.columns)) {
    if (take(canonical, candidates, exact)) own.add(canonical);
  }
  // Columns the shape does not list are found by their generic names; [] means never.
  const fallback = genericShape(shape.table);
  for (const [canonical, candidates] of Object.entries(fallback.columns)) {
    if (!(canonical in shape.columns)) take(canonical, candidates, false);
  }
  if (lacksRequired(shape.table, columns, options.accountFrom === true)) return undefined;

  const marks = [
    ...new Set(
      shape.marks.map((m) => index.find(m, exact)).filter((h): h is string => h !== undefined),
    ),
  ];
  const hint = NAME_HINTS[shape.table].some((h) => headerKey(file).includes(h));
  const flags = {
    ...optionalHeader('won', shape.flags?.won, index),
    ...optionalHeader('closed', shape.flags?.closed, index),
  };
  const base = { shape, generic, table: shape.table, columns, flags, assumptions };
  if (generic) {
    const keys = Object.values(columns).map((c) => headerKey(c.header));
    const specific = keys.filter((k) => !isWeakKey(k)).length;
    const key = tableSpec(shape.table).key;
    const keyOk = key === undefined || (columns[key] && !isWeakKey(headerKey(columns[key].header)));
    const confidence: Confidence =
      keyOk && specific >= 4 ? 'sure' : specific >= 2 ? 'likely' : 'weak';
    const evidence = Object.values(columns).map((c) => c.header);
    const named = quoteList(evidence);
    const reason =
      confidence === 'weak'
        ? `weak: only ${named} matched ${shape.table} columns${hint ? `; the file name says ${shape.table}` : ''}`
        : `${confidence}: headers ${named} match the ${shape.table} columns`;
    const score = evidence.length + specific + (hint ? 1.5 : 0);
    return { ...base, evidence, confidence, reason, score };
  }
  const extra = [...own].filter((c) => !marks.includes(columns[c]?.header ?? '')).length;
  // A vendor's shape needs one of its own marks: columns any export has prove nothing.
  const points = marks.length + extra / 2;
  if (marks.length === 0 || points < 2) return undefined;
  const confidence: Confidence = points >= 3 ? 'sure' : 'likely';
  const evidence = [...marks, ...[...own].map((c) => columns[c]?.header ?? '')].filter(
    (h, i, all) => h !== '' && all.indexOf(h) === i,
  );
  const reason = `${confidence}: headers ${quoteList(evidence)} match ${shape.vendor} ${shape.object}`;
  const score = 3 * marks.length + Object.keys(columns).length + (hint ? 1 : 0) + (shape.rank ?? 0);
  return { ...base, evidence, confidence, reason, score };
}

/**
 * Every shape a file may be, best first: the vendor shapes and the generic shape of each
 * table. `table` restricts it to the shapes of one table (the loader knows which it loads);
 * `accountFrom`, for a file whose rows take their account through another table's key, drops
 * the account column from what a shape requires.
 */
export function rankShapes(
  headers: readonly string[],
  options: {
    file?: string;
    table?: TableName;
    shapes?: readonly ExportShape[];
    accountFrom?: boolean;
  } = {},
): ShapeMatch[] {
  const { file = '', table, shapes = EXPORT_SHAPES, accountFrom = false } = options;
  const all = [...shapes, ...TABLE_NAMES.map(genericShape)].filter(
    (s) => table === undefined || s.table === table,
  );
  return all
    .map((s) => matchShape(s, headers, file, { accountFrom }))
    .filter((m): m is ShapeMatch => m !== undefined)
    .sort((a, b) => b.score - a.score || a.shape.id.localeCompare(b.shape.id));
}

/** Whether a required column is missing; rows that take their account elsewhere need none. */
function lacksRequired(
  table: TableName,
  columns: Readonly<Record<string, ShapeColumn>>,
  accountFrom: boolean,
): boolean {
  return Object.entries(tableSpec(table).columns).some(
    ([c, s]) =>
      s.required &&
      !columns[c] &&
      !s.requiredUnless?.some((o) => columns[o]) &&
      !(accountFrom && s.referencesAccount),
  );
}

function withUnits(
  c: ShapeColumn,
  header: string,
  index: HeaderIndex,
  exact: boolean,
  assumptions: string[],
): ShapeColumn {
  const out: { -readonly [K in keyof ShapeColumn]: ShapeColumn[K] } = { header };
  if (c.scale !== undefined) out.scale = c.scale;
  if (c.epoch !== undefined) out.epoch = c.epoch;
  if (c.per !== undefined) {
    const per = isIntervalWord(c.per) ? c.per : index.find(c.per, exact);
    if (per === undefined) {
      assumptions.push(`no "${c.per}" column: "${header}" taken as a monthly amount`);
    } else out.per = per;
  }
  if (c.quantity !== undefined) {
    const quantity = index.find(c.quantity, exact);
    if (quantity !== undefined) out.quantity = quantity;
  }
  return out;
}

function optionalHeader<K extends string>(
  key: K,
  candidates: readonly string[] | undefined,
  index: HeaderIndex,
): { [P in K]?: string } {
  const header = candidates?.map((c) => index.find(c, false)).find((h) => h !== undefined);
  return (header === undefined ? {} : { [key]: header }) as { [P in K]?: string };
}

/** `"A", "B", "C" and 2 more`: at most four headers named. */
export function quoteList(items: readonly string[]): string {
  const shown = items.slice(0, 4).map((s) => `"${s}"`);
  const more = items.length > 4 ? ` and ${items.length - 4} more` : '';
  return `${shown.join(', ')}${more}`;
}
