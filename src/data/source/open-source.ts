import { mkdtemp, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SourceConfig, SourceFormat } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import type { DataIssue } from '../../core/issues/data-issue.js';
import { tempDirPrefix, trackTemp, untrackTemp } from '../output/temp-files.js';
import { compressionOf, decompressTo, formatExtension } from './decompress.js';
import { MAX_COLUMNS, tooManyColumns } from './header-checks.js';
import { type HeaderLine, readHeaderLine } from './header-line.js';
import { checkLineLength, preReadChecks, textWarnings } from './pre-read-checks.js';
import { readerSql } from './reader-sql.js';
import { scanText, writeNormalisedCopy } from './text-scan.js';

/**
 * Where a source file was named: a table of the config, or a command-line flag (`--data`).
 * Messages then tell the user to change what they can change: a config key or a flag.
 */
export type SourceOrigin =
  | { readonly kind: 'config'; readonly table: string }
  | { readonly kind: 'flag'; readonly flag: string };

/** Tables the pipeline reads from flags rather than from a config. */
const FLAG_TABLES: Readonly<Record<string, string>> = {
  data: '--data',
  input: '--data',
  market: '--market',
};

/** The origin of a source read under the name `table` (see FLAG_TABLES). */
export function originOf(table: string): SourceOrigin {
  const flag = FLAG_TABLES[table];
  return flag === undefined ? { kind: 'config', table } : { kind: 'flag', flag };
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

/** Whether a file name has an extension the loader reads ("leads.csv", "leads.csv.gz" too). */
export function isDataFile(name: string): boolean {
  return Object.hasOwn(EXTENSIONS, formatExtension(name));
}

/** The format of a source: explicit, else by extension. */
export function sourceFormat(source: SourceConfig, origin?: SourceOrigin): SourceFormat {
  if (source.format) return source.format;
  const ext = formatExtension(source.path);
  const format = EXTENSIONS[ext];
  if (!format) {
    const fix =
      origin?.kind === 'flag'
        ? 'Name the file .csv, .tsv, .parquet, .json or .ndjson after its format.'
        : 'Add format: csv, tsv, parquet, json or ndjson to this source in the config.';
    throw new IcpError(
      'SOURCE',
      `${source.path}: cannot tell the format from the extension "${ext || '(none)'}". ${fix}`,
    );
  }
  return format;
}

/** A source ready to query: the table function that reads it, and what was found on the way. */
export interface OpenedSource {
  readonly format: SourceFormat;
  /** SQL of the table function reading the file (text columns for CSV and TSV). */
  readonly reader: string;
  /** The file as the user named it, for messages. */
  readonly file: string;
  readonly origin: SourceOrigin;
  /** The file DuckDB reads: the source itself, or its decompressed or normalised temporary copy. */
  readonly readPath: string;
  /** The source's bytes as checked here: the source itself, or its decompressed temporary copy. */
  readonly absolutePath: string;
  /** CSV and TSV: the header as split here, to check what DuckDB made of it. */
  readonly header: HeaderLine | undefined;
  /** Warnings so far; the header checks add theirs. */
  readonly warnings: DataIssue[];
  /** Removes the normalised temporary copy, if one was made. Call when done reading. */
  readonly close: () => Promise<void>;
}

/**
 * Prepares a source file for DuckDB without loading it. A compressed file (".csv.gz") is
 * decompressed to a temporary copy first, so it gets every check below (zstd, which Node 20
 * cannot decompress, is read by DuckDB as it is, unchecked). Checks first what would crash or
 * mislead the reader (a compressed or binary file, JSON nested too deep, too many columns, an
 * over-long line); then text files with bytes that are not UTF-8, lone CR line breaks or NUL
 * bytes are read through a normalised temporary copy (the input is never modified), with a
 * warning saying so.
 */
export async function openSource(
  table: string,
  source: SourceConfig,
  absolutePath: string,
  origin: SourceOrigin = originOf(table),
): Promise<OpenedSource> {
  const file = source.path;
  const size = await fileSize(absolutePath, file, origin);
  const format = sourceFormat(source, origin);
  if (size === 0) throw emptyFile(file, origin);
  const temp = tempFolder();
  try {
    const plain = await plainBytes(absolutePath, file, temp);
    const checked = plain !== undefined;
    const bytesPath = plain ?? absolutePath;
    if (checked) await preReadChecks(bytesPath, file, format);
    let header: HeaderLine | undefined;
    if (checked && (format === 'csv' || format === 'tsv')) {
      header = await readHeaderLine(
        bytesPath,
        source.delimiter ?? (format === 'tsv' ? '\t' : undefined),
      );
      if (header.fields.length > MAX_COLUMNS) throw tooManyColumns(file, header.fields.length);
    }
    const warnings: DataIssue[] = [];
    let readPath = bytesPath;
    if (checked && format !== 'parquet') {
      const scan = await scanText(bytesPath);
      checkLineLength(scan, file, format);
      warnings.push(...textWarnings(scan, table, file));
      if (warnings.length > 0) {
        readPath = join(await temp.path(), `${basename(file)}.normalised`);
        await writeNormalisedCopy(bytesPath, readPath);
      }
    }
    return {
      format,
      reader: readerSql(format, readPath, source),
      file,
      origin,
      readPath,
      absolutePath: bytesPath,
      header,
      warnings,
      close: temp.remove,
    };
  } catch (error) {
    await temp.remove();
    throw error;
  }
}

/**
 * The path of the file's plain bytes: the file itself, or for a compressed file its
 * decompressed copy; undefined when only DuckDB can read it (zstd on Node 20).
 */
async function plainBytes(
  absolutePath: string,
  file: string,
  temp: TempFolder,
): Promise<string | undefined> {
  const compression = compressionOf(file) ?? compressionOf(absolutePath);
  if (compression === undefined) return absolutePath;
  const target = join(await temp.path(), basename(file).slice(0, -compression.length));
  return (await decompressTo(absolutePath, file, target)) ? target : undefined;
}

interface TempFolder {
  readonly path: () => Promise<string>;
  readonly remove: () => Promise<void>;
}

/** A temporary folder made on first use, tracked so a signal removes it too. */
function tempFolder(): TempFolder {
  let dir: string | undefined;
  return {
    path: async () => {
      if (dir === undefined) {
        dir = await mkdtemp(tempDirPrefix());
        trackTemp(dir);
      }
      return dir;
    },
    remove: async () => {
      if (dir === undefined) return;
      await rm(dir, { recursive: true, force: true });
      untrackTemp(dir);
      dir = undefined;
    },
  };
}

async function fileSize(absolutePath: string, file: string, origin: SourceOrigin): Promise<number> {
  try {
    const s = await stat(absolutePath);
    if (s.isDirectory()) throw new Error('EISDIR');
    return s.size;
  } catch (error) {
    throw new IcpError(
      'SOURCE',
      origin.kind === 'flag'
        ? `${origin.flag} ${file}: the file does not exist or is a folder (looked at ${absolutePath}). Check the path.`
        : `${file}: the ${origin.table} file does not exist or is a folder (looked at ${absolutePath}). Fix sources.${origin.table}.path in the config; it is relative to the config file.`,
      { cause: error },
    );
  }
}

export function emptyFile(file: string, origin: SourceOrigin): IcpError {
  const fix =
    origin.kind === 'flag'
      ? 'Export it again with its rows.'
      : 'Export it again with its rows, or remove it from the config.';
  return new IcpError('SOURCE', `${file}: the file has no data rows. ${fix}`);
}
