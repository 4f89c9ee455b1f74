import type { SourceConfig } from '../../core/config/schema.js';
import type { DataIssue } from '../../core/issues/data-issue.js';
import type { Database } from '../db/database.js';
import type { RawSource } from '../source/read-raw.js';
import type { ResolvedColumns } from '../source/resolve-columns.js';
import { type DerivedPart, derivedParts } from './infer-parts.js';
import { type InferredType, inferColumnTypes, unreadableSentence } from './infer-types.js';

/** An extra source column kept beside the canonical ones (a candidate attribute). */
export interface ExtraColumn {
  /** Column name in the loaded table (the header, renamed only on a clash). */
  readonly name: string;
  readonly header: string;
  /**
   * number: loaded as DOUBLE; text (categories, yes-or-no included), date and list: loaded as
   * trimmed text, a date becoming an age and a list has-X attributes in discovery.
   */
  readonly type: 'number' | 'text' | 'date' | 'list';
  /** What the inference found (formats, separator and items, cells read as missing). */
  readonly inferred: InferredType;
  /** Set when the column repeats part of a date column (its month, quarter or year). */
  readonly partOf?: DerivedPart;
}

/** Columns the loaded table already uses, which an extra column must not take. */
export const RESERVED_COLUMNS = ['_source_row', 'stage_label', 'account_id'] as const;

/**
 * Types the extra columns of a source, as `icp discover --data` types a file's columns (one
 * inference for both): numbers with a few unreadable cells stay numbers, read as missing with
 * a warning naming the cells; dates, lists and yes-or-no columns are recognised.
 */
export async function typeExtras(
  db: Database,
  raw: RawSource,
  resolved: ResolvedColumns,
  source: SourceConfig,
  issues: DataIssue[],
): Promise<ExtraColumn[]> {
  if (resolved.extras.length === 0) return [];
  const configured = source.date_format;
  const dateFormats =
    configured === undefined ? [] : typeof configured === 'string' ? [configured] : configured;
  const types = await inferColumnTypes(db, raw, resolved.extras, { dateFormats });
  const parts = await derivedParts(db, raw, types);
  const taken = new Set<string>([...RESERVED_COLUMNS, ...Object.keys(resolved.mapped)]);
  return types.map(({ header, type }) => {
    let name = header;
    while (taken.has(name)) name = `${name}_source`;
    taken.add(name);
    if ((type.kind === 'number' || type.kind === 'date') && type.unreadable.count > 0) {
      const first = type.unreadable.examples[0];
      issues.push({
        severity: 'warning',
        code: 'unreadable_cells',
        table: raw.table,
        file: raw.file,
        ...(first ? { row: first.row, value: first.value } : {}),
        column: header,
        count: type.unreadable.count,
        message: `${raw.file}, column "${header}": ${unreadableSentence(type.unreadable, type.kind === 'number' ? 'numbers' : 'dates')} Correct them or leave them empty.`,
      });
    }
    const kind =
      type.kind === 'number' || type.kind === 'date' || type.kind === 'list' ? type.kind : 'text';
    const part = parts.get(header);
    return { name, header, type: kind, inferred: type, ...(part ? { partOf: part } : {}) };
  });
}
