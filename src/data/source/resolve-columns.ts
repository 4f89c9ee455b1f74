import { closest } from 'fastest-levenshtein';
import type { ColumnMapping, SourceConfig } from '../../core/config/schema.js';
import { normalizeHeader, type TableName, tableSpec } from '../../core/model/canonical.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { isIntervalWord } from '../../core/model/billing-interval.js';

/** Where one canonical column comes from. */
export interface ResolvedColumn {
  readonly header: string;
  /** Multiply parsed numbers by this (unit conversion), 1 by default. */
  readonly scale: number;
  /** Found by header recognition rather than the config's mapping. */
  readonly guessed: boolean;
  /** Dates given as unix times in these units. */
  readonly epoch?: 'seconds' | 'milliseconds';
  /** Amounts per billing interval: an interval word, or the header holding each row's interval. */
  readonly per?: string;
  /** Header of a quantity the amount is multiplied by (seats of a subscription). */
  readonly quantity?: string;
}

export interface ResolvedColumns {
  readonly mapped: Readonly<Record<string, ResolvedColumn>>;
  /** Headers not used by any canonical column: kept as extra attributes. */
  readonly extras: readonly string[];
}

/**
 * Maps canonical columns to source headers: the config's `columns` first, then recognised
 * export headers. A required column that cannot be found, or a mapping to a header the file
 * lacks, is an error naming the headers the file has.
 */
export function resolveColumns(
  table: TableName,
  headers: readonly string[],
  source: SourceConfig,
  options: { accountFromTable?: boolean } = {},
): ResolvedColumns {
  const { accountFromTable = false } = options;
  const file = source.path;
  const spec = tableSpec(table).columns;
  const mapped: Record<string, ResolvedColumn> = {};
  const used = new Set<string>();
  const explicit = source.columns ?? {};

  for (const [canonical, mapping] of Object.entries(explicit)) {
    if (!(canonical in spec)) {
      const known = Object.keys(spec);
      throw new IcpError(
        'CONFIG',
        `sources.${table}.columns.${canonical}: ${table} has no column "${canonical}". Did you mean "${closest(canonical, known)}"? Columns of ${table}: ${known.join(', ')}.`,
      );
    }
    const { column, scale, ...units } = normalizeMapping(mapping);
    for (const [key, header] of [
      ['', column],
      ['.quantity', units.quantity],
      ['.per', units.per !== undefined && !isIntervalWord(units.per) ? units.per : undefined],
    ] as const) {
      if (header === undefined || headers.includes(header)) continue;
      throw new IcpError(
        'DATA',
        `${file}: sources.${table}.columns.${canonical}${key} names the header "${header}", which the file does not have. Did you mean "${closest(header, [...headers])}"? Headers: ${headers.join(', ')}.`,
      );
    }
    mapped[canonical] = { header: column, scale, guessed: false, ...units };
    used.add(column);
  }

  const byNormal = new Map<string, string>();
  for (const h of headers)
    if (!byNormal.has(normalizeHeader(h))) byNormal.set(normalizeHeader(h), h);

  for (const [canonical, column] of Object.entries(spec)) {
    if (mapped[canonical]) continue;
    if (canonical === 'account_id' && accountFromTable) continue;
    const candidates = [canonical, ...column.aliases].map(normalizeHeader);
    const header = candidates
      .map((c) => byNormal.get(c))
      .find((h) => h !== undefined && !used.has(h));
    if (header !== undefined) {
      mapped[canonical] = { header, scale: 1, guessed: true };
      used.add(header);
    }
  }
  for (const [canonical, column] of Object.entries(spec)) {
    if (mapped[canonical] || !column.required) continue;
    if (canonical === 'account_id' && accountFromTable) continue;
    if (column.requiredUnless?.some((c) => mapped[c])) continue;
    throw missingColumn(table, file, canonical, headers, column.requiredUnless);
  }

  const extras = headers.filter((h) => !used.has(h));
  return { mapped, extras };
}

function normalizeMapping(mapping: ColumnMapping): {
  column: string;
  scale: number;
  epoch?: 'seconds' | 'milliseconds';
  per?: string;
  quantity?: string;
} {
  if (typeof mapping === 'string') return { column: mapping, scale: 1 };
  const { column, scale = 1, epoch, per, quantity } = mapping;
  return {
    column,
    scale,
    ...(epoch ? { epoch } : {}),
    ...(per ? { per } : {}),
    ...(quantity ? { quantity } : {}),
  };
}

function missingColumn(
  table: TableName,
  file: string,
  canonical: string,
  headers: readonly string[],
  instead: readonly string[] = [],
): IcpError {
  const only = headers.length === 1 ? headers[0] : undefined;
  const delimiter =
    only === undefined ? undefined : [',', ';', '\t', '|'].find((d) => only.includes(d));
  if (delimiter !== undefined) {
    const shown = delimiter === '\t' ? '"\\t"' : `"${delimiter}"`;
    return new IcpError(
      'DATA',
      `${file}: the whole header was read as one column, so the file seems to use ${shown} between fields. Add delimiter: ${shown} to sources.${table} in the config.`,
    );
  }
  const or =
    instead.length > 0
      ? `, or one of ${instead.join(', ')} to link the rows to accounts by (see docs/config.md, "Linking")`
      : '';
  return new IcpError(
    'DATA',
    `${file}: the required column "${canonical}" of ${table} was not found. Headers: ${headers.join(', ')}. Map it in the config: sources.${table}.columns.${canonical}: <header>${or}.`,
  );
}
