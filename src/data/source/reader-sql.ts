import type { SourceConfig, SourceFormat } from '../../core/config/schema.js';
import { quoteLiteral } from '../../core/sql/quote.js';

/** SQL of the DuckDB table function that reads a file of `format` (CSV and TSV as text). */
export function readerSql(format: SourceFormat, path: string, source: SourceConfig): string {
  const p = quoteLiteral(path);
  switch (format) {
    case 'csv':
    case 'tsv': {
      const delim = source.delimiter ?? (format === 'tsv' ? '\t' : undefined);
      const options = [
        'header = true',
        'all_varchar = true',
        'strict_mode = false',
        'null_padding = false',
        // Without strict mode DuckDB leaves "" inside a quoted field doubled unless it is told
        // the quote and escape characters: "SaaS, ""B2B""" must read as SaaS, "B2B".
        `quote = '"'`,
        `escape = '"'`,
        ...(delim === undefined ? [] : [`delim = ${quoteLiteral(delim)}`]),
      ];
      return `read_csv(${p}, ${options.join(', ')})`;
    }
    case 'json':
      return `read_json(${p}, format = 'auto')`;
    case 'ndjson':
      return `read_json(${p}, format = 'newline_delimited')`;
    case 'parquet':
      return `read_parquet(${p})`;
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}
