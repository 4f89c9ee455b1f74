import type { SourceConfig, SourceFormat } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { DataIssue } from '../../core/issues/data-issue.js';
import { quoteIdent } from '../../core/sql/quote.js';
import type { Database } from '../db/database.js';
import { num } from '../db/database.js';
import { compressionOf } from './decompress.js';
import {
  collapsedHeader,
  duplicateHeaders,
  MAX_COLUMNS,
  tooManyColumns,
  unclosedQuote,
} from './header-checks.js';
import { emptyFile, type OpenedSource, openSource, type SourceOrigin } from './open-source.js';

export {
  isDataFile,
  type OpenedSource,
  openSource,
  type SourceOrigin,
  sourceFormat,
} from './open-source.js';

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

/**
 * Reads one source file into `raw_<table>` (see `openSource` for how text files are read, and
 * `sourceHeaders` for `ragged`).
 */
export async function readRaw(
  db: Database,
  table: string,
  source: SourceConfig,
  absolutePath: string,
  origin?: SourceOrigin,
  options: { readonly ragged?: 'refuse' | 'leave' } = {},
): Promise<RawSource> {
  const opened = await openSource(table, source, absolutePath, origin);
  try {
    const rawTable = quoteIdent(`raw_${table}`);
    const headers = await sourceHeaders(db, opened, source.path, options);
    await db
      .run(`CREATE OR REPLACE TEMP TABLE ${rawTable} AS SELECT * FROM ${opened.reader}`)
      .catch((error: unknown) => {
        throw readFailure(error, opened);
      });
    const rows = num((await db.one(`SELECT count(*) AS n FROM ${rawTable}`))?.n);
    if (rows === 0) throw emptyFile(source.path, opened.origin);
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

/**
 * The header of a source as DuckDB reads it, or a read error naming the file and the fix.
 * Refuses more than `MAX_COLUMNS` columns and a header collapsed into one column by an open
 * quote or, unless `ragged: 'leave'`, by rows that do not all have the header's fields; adds
 * a warning to `opened.warnings` for duplicate names.
 */
export async function sourceHeaders(
  db: Database,
  opened: OpenedSource,
  file: string,
  options: { readonly ragged?: 'refuse' | 'leave' } = {},
): Promise<string[]> {
  const headers = await db.columns(opened.reader).catch(async (error: unknown) => {
    // The header was read here unless DuckDB alone can read the file (zstd on Node 20).
    const text = opened.header !== undefined;
    throw (
      (text ? await unclosedQuote(opened.absolutePath, file) : undefined) ??
      readFailure(error, opened)
    );
  });
  if (headers.length > MAX_COLUMNS) throw tooManyColumns(file, headers.length);
  if (opened.header) {
    const collapsed = await collapsedHeader(
      opened.absolutePath,
      file,
      opened.header,
      headers,
      options.ragged === 'leave',
    );
    if (collapsed) throw collapsed;
    const table = opened.origin.kind === 'config' ? opened.origin.table : 'data';
    opened.warnings.push(...duplicateHeaders(table, file, opened.header, headers));
  }
  return headers;
}

/**
 * An error met while a query read `opened` through to the end (a scoring COPY, a count): the
 * user's read error (`readFailure`) when DuckDB could not read a row of the file (a quote never
 * closed, a row with more fields than the header, a malformed JSON line past the header's
 * sample), else the error as it was.
 */
export function streamFailure(error: unknown, opened: OpenedSource): unknown {
  const message = error instanceof Error ? error.message : String(error);
  return /^Invalid Input Error: (CSV Error|Malformed JSON)/.test(message)
    ? readFailure(error, opened)
    : error;
}

/** DuckDB's read error as the user's: their file named (never a temp copy), the real cause, the fix. */
function readFailure(error: unknown, opened: OpenedSource): IcpError {
  const { file, format, origin } = opened;
  const detail = (error instanceof Error ? error.message : String(error))
    .replaceAll(opened.readPath, file)
    .replaceAll(opened.absolutePath, file);
  const text = format === 'csv' || format === 'tsv';
  const line = text ? /line:? (\d+)/i.exec(detail)?.[1] : undefined;
  const first = detail.split('\n').find((l) => l.trim() !== '') ?? detail;
  const reason = first
    .replace(/^[A-Za-z ]*Error: /, '')
    .replace(/ in file "[^"]*",?/, '')
    .trim()
    .replace(/[.:]$/, '');
  const flag = origin.kind === 'flag';
  const fix = text
    ? `Check that every row has as many fields as the header and that quotes are closed${flag ? '' : ', or set delimiter in the config'}.`
    : format === 'parquet'
      ? `Check that the file is a Parquet file (not renamed CSV)${flag ? '' : ', or set format in the config'}.`
      : `Check that the file is valid JSON (an array of objects, or one object per line${flag ? ' in a .ndjson file' : ' with format: ndjson'}).`;
  const compressed =
    compressionOf(opened.readPath) === undefined
      ? ''
      : ' The file is compressed and read as it is: decompress it and pass the plain file, which is checked and repaired on the way.';
  return new IcpError(
    'SOURCE',
    `${file}${line ? ` line ${line}` : ''}: cannot be read as ${format} (${reason.slice(0, 200)}). ${fix}${compressed}`,
    { cause: error },
  );
}
