import { basename } from 'node:path';
import type { SourceFormat } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { type DataIssue, formatCount } from '../../core/issues/data-issue.js';
import { scanJson } from './json-scan.js';
import { sniffBytes } from './sniff-bytes.js';
import type { TextScan } from './text-scan.js';

/** Nesting of JSON arrays and objects: a record is an object, maybe holding a list or two. */
export const MAX_JSON_DEPTH = 64;

/** Bytes in one line of CSV or TSV: DuckDB's own limit for a row (its `max_line_size`). */
export const MAX_LINE_BYTES = 2 * 1024 * 1024;

/**
 * What must be refused before DuckDB opens a file: a compressed or archived file under a
 * plain name, a binary file, Parquet that is not Parquet (or the other way round), and JSON
 * nested deeper than `MAX_JSON_DEPTH` (DuckDB recurses per level and the process dies) or
 * holding a `\u0000` in a string.
 */
export async function preReadChecks(
  absolutePath: string,
  file: string,
  format: SourceFormat,
): Promise<void> {
  const kind = await sniffBytes(absolutePath);
  const what = format === 'parquet' ? 'a Parquet file' : `${format.toUpperCase()} text`;
  switch (kind.kind) {
    case 'compressed':
      throw new IcpError(
        'SOURCE',
        `${file}: looks compressed (${kind.name}), not ${what}. Name it ${basename(file)}${kind.extension} so it is read as compressed, or decompress it first.`,
      );
    case 'archive':
      throw new IcpError(
        'SOURCE',
        `${file}: looks like a ${kind.name} archive, not ${what}. Extract the file from it first.`,
      );
    case 'utf16':
      throw new IcpError(
        'SOURCE',
        `${file}: is UTF-16 text (it starts with a UTF-16 byte-order mark). Save it as UTF-8 (in Excel: "CSV UTF-8").`,
      );
    case 'binary':
      if (format !== 'parquet')
        throw new IcpError(
          'SOURCE',
          `${file}: looks like a binary file, not ${what} (${formatCount(kind.controls)} of its first ${formatCount(kind.sampled)} bytes are control characters). Pass a CSV, TSV, JSON or Parquet export.`,
        );
      break;
    case 'parquet':
      if (format !== 'parquet')
        throw new IcpError(
          'SOURCE',
          `${file}: looks like a Parquet file, not ${what}. Name it with the extension .parquet.`,
        );
      return;
    case 'text':
      break;
    default: {
      const never: never = kind;
      throw new Error(`unknown byte kind ${String(never)}`);
    }
  }
  if (format === 'parquet') {
    throw new IcpError(
      'SOURCE',
      `${file}: is not a Parquet file (it does not start with Parquet's "PAR1"). Name it after its real format, e.g. .csv.`,
    );
  }
  if (format === 'json' || format === 'ndjson') await checkJson(absolutePath, file);
}

async function checkJson(absolutePath: string, file: string): Promise<void> {
  const scan = await scanJson(absolutePath);
  if (scan.depth > MAX_JSON_DEPTH) {
    throw new IcpError(
      'SOURCE',
      `${file} line ${scan.depthLine}: JSON nested ${formatCount(scan.depth)} levels deep; the most read is ${MAX_JSON_DEPTH}. Export the records flat: one object of values per record.`,
    );
  }
  if (scan.nulEscapes > 0) {
    throw new IcpError(
      'SOURCE',
      `${file} line ${scan.nulLine}: a string holds the NUL character (\\u0000) ${formatCount(scan.nulEscapes)} time${scan.nulEscapes === 1 ? '' : 's'}; it is not text and no database compares it. Remove it from the export.`,
    );
  }
}

/** A CSV or TSV line longer than DuckDB reads, named by its real line number. */
export function checkLineLength(scan: TextScan, file: string, format: SourceFormat): void {
  if ((format !== 'csv' && format !== 'tsv') || scan.longestLine <= MAX_LINE_BYTES) return;
  throw new IcpError(
    'SOURCE',
    `${file} line ${scan.longestLineAt}: the line is ${formatCount(scan.longestLine)} bytes long; the most a row may have is ${formatCount(MAX_LINE_BYTES)} (2 MiB). A field that long is not customer data (an attachment or a pasted document?): shorten or remove it.`,
  );
}

/** The warnings of a text scan, each saying what the normalised copy changes. */
export function textWarnings(scan: TextScan, table: string, file: string): DataIssue[] {
  const warnings: DataIssue[] = [];
  if (scan.invalidBytes > 0) {
    warnings.push({
      severity: 'warning',
      code: 'encoding',
      table,
      file,
      ...(scan.firstInvalidLine === undefined ? {} : { row: scan.firstInvalidLine }),
      count: scan.invalidBytes,
      message: `${file}: ${formatCount(scan.invalidBytes)} byte${scan.invalidBytes === 1 ? ' is' : 's are'} not valid UTF-8 (first on line ${scan.firstInvalidLine}); read as Windows-1252. Save the file as UTF-8 to silence this warning.`,
    });
  }
  if (scan.loneCarriageReturns > 0) {
    warnings.push({
      severity: 'warning',
      code: 'line_endings',
      table,
      file,
      count: scan.loneCarriageReturns,
      message: `${file}: lines end with a lone carriage return (CR, old Mac style) ${formatCount(scan.loneCarriageReturns)} times; read as line breaks. Save the file with LF or CRLF line endings to silence this warning.`,
    });
  }
  if (scan.nulBytes > 0) {
    warnings.push({
      severity: 'warning',
      code: 'nul_bytes',
      table,
      file,
      ...(scan.firstNulLine === undefined ? {} : { row: scan.firstNulLine }),
      count: scan.nulBytes,
      message: `${file}: ${formatCount(scan.nulBytes)} NUL byte${scan.nulBytes === 1 ? '' : 's'} (first on line ${scan.firstNulLine}) removed; NUL is not text. Export the file again without them to silence this warning.`,
    });
  }
  return warnings;
}
