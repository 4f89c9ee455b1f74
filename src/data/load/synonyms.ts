import { closest } from 'fastest-levenshtein';
import type { SourceConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { isTableName, tableSpec } from '../../core/model/canonical.js';
import { categoryKey } from '../../core/parse/cell.js';
import { inList, keySql } from '../../core/parse/cell-sql.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import type { ResolvedColumns } from '../source/resolve-columns.js';

/** Per loaded column, the category key of each listed spelling and the label it becomes. */
export type Synonyms = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * The `values:` spellings of a source's category columns (every key but `stage`), by the
 * column's name in the loaded table: a canonical column by its canonical name, an extra
 * column by its header. A key that names no column, or a spelling listed under two labels,
 * is a config error.
 *
 * @example values: { industry: { Fintech: [FinTech, Financial Technology] } }
 */
export function columnSynonyms(
  table: string,
  source: SourceConfig,
  resolved: ResolvedColumns,
  extras: readonly { name: string; header: string; type: string }[],
): Synonyms {
  const out = new Map<string, Map<string, string>>();
  for (const [column, labels] of Object.entries(source.values ?? {})) {
    if (column === 'stage' || labels === undefined) continue;
    const extra = extras.find((x) => x.header === column);
    const name = resolved.mapped[column] ? column : extra?.name;
    const where = `sources.${table}.values.${column}`;
    const type = isTableName(table) ? tableSpec(table).columns[column]?.type : undefined;
    if (resolved.mapped[column] && type !== undefined && type !== 'string') {
      throw new IcpError(
        'CONFIG',
        `${where}: "${column}" is not a category column (it holds ${type === 'id' ? 'ids' : `${type}s`}); values: maps spellings of categories. Remove it.`,
      );
    }
    if (name === undefined) {
      const known = [...Object.keys(resolved.mapped), ...extras.map((x) => x.header)];
      throw new IcpError(
        'CONFIG',
        `${where}: ${source.path} has no column "${column}" (did you mean "${closest(column, known)}"?). Name a canonical column or a header of the file.`,
      );
    }
    if (extra?.type === 'number') {
      throw new IcpError(
        'CONFIG',
        `${where}: "${column}" holds numbers; values: maps spellings of categories. Remove it.`,
      );
    }
    const keys = new Map<string, string>();
    for (const [label, spellings] of Object.entries(labels as Record<string, string[]>)) {
      for (const s of [label, ...spellings]) {
        const key = categoryKey(s);
        if (key === null) continue;
        const before = keys.get(key);
        if (before !== undefined && before !== label) {
          throw new IcpError(
            'CONFIG',
            `${where}: "${s}" is listed under both "${before}" and "${label}". Keep it under one.`,
          );
        }
        keys.set(key, label);
      }
    }
    out.set(name, keys);
  }
  return out;
}

/** `text` (trimmed text SQL) with each listed spelling replaced by its label. */
export function synonymSql(text: string, keys: ReadonlyMap<string, string> | undefined): string {
  if (!keys || keys.size === 0) return text;
  const byLabel = new Map<string, string[]>();
  for (const [key, label] of keys) byLabel.set(label, [...(byLabel.get(label) ?? []), key]);
  const k = keySql('duckdb', text);
  const whens = [...byLabel].map(
    ([label, ks]) => `WHEN ${inList('duckdb', k, ks)} THEN ${quoteLiteral(label)}`,
  );
  return `(CASE ${whens.join(' ')} ELSE ${text} END)`;
}
