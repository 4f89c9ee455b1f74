import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { SourceConfig, SourceFormat } from '../../core/config/schema.js';
import type { DataIssue } from '../../core/issues/data-issue.js';
import { formatCount } from '../../core/issues/data-issue.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { quoteIdent, quoteLiteral } from '../../core/sql/quote.js';
import type { Database } from '../db/database.js';
import { num } from '../db/database.js';
import { scanText, writeNormalisedCopy } from './text-scan.js';

/** A source file read as is into a DuckDB table, every column as text. */
export interface RawSource {
  readonly table: string;
  /** The file as named in the config. */
  readonly file: string;
  /** The DuckDB table holding the raw rows (its rowid is the file order). */
  readonly rawTable: string;
  readonly headers: readonly string[];
  readonly rows: number;
  /** Add to rowid to get the row as the user sees it (2 for text with a header, 1 otherwise). */
  readonly rowBase: number;
  readonly format: SourceFormat;
  readonly warnings: readonly DataIssue[];
}

const EXTENSIONS: Record<string, SourceFormat> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.parquet': 'parquet',
  '.pq': 'parquet',
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
};

/** Whether a file name has an extension the loader reads. */
export function isDataFile(name: string): boolean {
  return Object.hasOwn(EXTENSIONS, extname(name).toLowerCase());
}

/** The format of a source: explicit, else by extension. */
export function sourceFormat(source: SourceConfig): SourceFormat {
  if (source.format) return source.format;
  const ext = extname(source.path).toLowerCase();
  const format = EXTENSIONS[ext];
  if (!format) {
    throw new IcpError(
      'SOURCE',
      `${source.path}: cannot tell the format from the extension "${ext || '(none)'}". Add format: csv, tsv, parquet, json or ndjson to this source in the config.`,
    );
  }
  return format;
}

/** A source ready to query: the table function that reads it, and what was found on the way. */
export interface OpenedSource {
  readonly format: SourceFormat;
  /** SQL of the table function reading the file (text columns for CSV and TSV). */
  readonly reader: string;
  readonly warnings: readonly DataIssue[];
  /** Removes the normalised temporary copy, if one was made. Call when done reading. */
  readonly close: () => Promise<void>;
}

/**
 * Prepares a source file for DuckDB without loading it: text files are scanned first, and a
 * file with bytes that are not UTF-8 or with lone CR line breaks is read through a normalised
 * temporary copy (the input is never modified), with a warning saying so.
 */
export async function openSource(
  table: string,
  source: SourceConfig,
  absolutePath: string,
): Promise<OpenedSource> {
  const file = source.path;
  const format = sourceFormat(source);
  const size = await fileSize(absolutePath, file, table);
  if (size === 0) throw emptyFile(file);
  const warnings: DataIssue[] = [];
  let readPath = absolutePath;
  let tempDir: string | undefined;
  if (format !== 'parquet') {
    const scan = await scanText(absolutePath);
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
    if (warnings.length > 0) {
      tempDir = await mkdtemp(join(tmpdir(), 'icp-engine-'));
      readPath = join(tempDir, 'normalised.txt');
      await writeNormalisedCopy(absolutePath, readPath);
    }
  }
  return {
    format,
    reader: reader(format, readPath, source),
    warnings,
    close: async () => {
      if (tempDir) await rm(tempDir, { recursive: true, force: true });
    },
  };
}

/** Reads one source file into `raw_<table>` (see `openSource` for how text files are read). */
export async function readRaw(
  db: Database,
  table: string,
  source: SourceConfig,
  absolutePath: string,
): Promise<RawSource> {
  const opened = await openSource(table, source, absolutePath);
  try {
    const rawTable = quoteIdent(`raw_${table}`);
    await db
      .run(`CREATE OR REPLACE TABLE ${rawTable} AS SELECT * FROM ${opened.reader}`)
      .catch((error: unknown) => {
        throw readFailure(error, source.path, opened.format);
      });
    const headers = await db.columns(rawTable);
    const rows = num((await db.one(`SELECT count(*) AS n FROM ${rawTable}`))?.n);
    if (rows === 0) throw emptyFile(source.path);
    const rowBase = opened.format === 'csv' || opened.format === 'tsv' ? 2 : 1;
    return {
      table,
      file: source.path,
      rawTable,
      headers,
      rows,
      rowBase,
      format: opened.format,
      warnings: opened.warnings,
    };
  } finally {
    await opened.close();
  }
}

/** The header of a source as DuckDB reads it, or a read error naming the file and the fix. */
export async function sourceHeaders(
  db: Database,
  opened: OpenedSource,
  file: string,
): Promise<string[]> {
  return db.columns(opened.reader).catch((error: unknown) => {
    throw readFailure(error, file, opened.format);
  });
}

function reader(format: SourceFormat, path: string, source: SourceConfig): string {
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

async function fileSize(absolutePath: string, file: string, table: string): Promise<number> {
  try {
    const s = await stat(absolutePath);
    if (s.isDirectory()) throw new Error('EISDIR');
    return s.size;
  } catch (error) {
    throw new IcpError(
      'SOURCE',
      `${file}: the ${table} file does not exist or is a folder (looked at ${absolutePath}). Fix sources.${table}.path in the config; it is relative to the config file.`,
      { cause: error },
    );
  }
}

function emptyFile(file: string): IcpError {
  return new IcpError(
    'SOURCE',
    `${file}: the file has no data rows. Export it again with its rows, or remove it from the config.`,
  );
}

function readFailure(error: unknown, file: string, format: SourceFormat): IcpError {
  const detail = error instanceof Error ? error.message : String(error);
  const text = format === 'csv' || format === 'tsv';
  const line = text ? /line:? (\d+)/i.exec(detail)?.[1] : undefined;
  const first = detail.split('\n').find((l) => l.trim() !== '') ?? detail;
  // DuckDB names the file by its absolute (or temporary) path; the message names it already.
  const reason = first
    .replace(/^[A-Za-z ]*Error: /, '')
    .replace(/ in file "[^"]*",?/, '')
    .trim()
    .replace(/[.:]$/, '');
  const fix = text
    ? 'Check that every row has as many fields as the header and that quotes are closed, or set delimiter in the config.'
    : format === 'parquet'
      ? 'Check that the file is a Parquet file (not renamed CSV), or set format in the config.'
      : 'Check that the file is valid JSON (an array of objects, or one object per line with format: ndjson).';
  return new IcpError(
    'SOURCE',
    `${file}${line ? ` line ${line}` : ''}: cannot be read as ${format} (${reason.slice(0, 200)}). ${fix}`,
    { cause: error },
  );
}
