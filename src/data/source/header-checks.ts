import { createReadStream } from 'node:fs';
import { IcpError } from '../../core/errors/icp-error.js';
import { type DataIssue, formatCount } from '../../core/issues/data-issue.js';
import { showValue } from '../../core/issues/value-display.js';
import type { HeaderLine } from './header-line.js';

/** Columns per file: far beyond a CRM export's hundreds, far below what exhausts memory. */
export const MAX_COLUMNS = 2000;

/** A file with more columns than `MAX_COLUMNS`, refused before it is read. */
export function tooManyColumns(file: string, columns: number): IcpError {
  return new IcpError(
    'SOURCE',
    `${file}: ${formatCount(columns)} columns; the most read is ${formatCount(MAX_COLUMNS)}. Export only the columns that describe the customer.`,
  );
}

/**
 * A header DuckDB read as one column although the first line splits into several: an open
 * quote swallowed the line breaks (the line where it opens is named), or the rows do not all
 * have the header's fields (a report export's footer, a mixed delimiter), so every row became
 * one field and nothing would match. With `quoteOnly`, only the first is refused: the loader
 * and `icp init` explain the second in their own terms.
 */
export async function collapsedHeader(
  path: string,
  file: string,
  header: HeaderLine,
  duckHeaders: readonly string[],
  quoteOnly = false,
): Promise<IcpError | undefined> {
  if (duckHeaders.length !== 1 || (header.fields.length <= 1 && !header.unclosedQuote))
    return undefined;
  const line = await openQuoteLine(path);
  const read = showValue(duckHeaders[0] ?? '', 60);
  if (line === undefined) {
    return quoteOnly
      ? undefined
      : new IcpError(
          'SOURCE',
          `${file}: read as one column ${read}: its rows do not all have the header's fields, so none could be split. Remove any lines after the data (a report export's footer) and use one delimiter throughout.`,
        );
  }
  return new IcpError(
    'SOURCE',
    `${file} line ${line}: a quote opens there and never closes, so the rest of the file reads as one field (the header came out as one column ${read}). Close the quote, or write a quote inside a field twice ("").`,
  );
}

/** Duplicate header names (DuckDB renames them "x_1", silently): a warning naming both. */
export function duplicateHeaders(
  table: string,
  file: string,
  header: HeaderLine,
  duckHeaders: readonly string[],
): DataIssue[] {
  if (header.fields.length !== duckHeaders.length) return [];
  const byName = new Map<string, number[]>();
  header.fields.forEach((f, i) => {
    const key = f.trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), i]);
  });
  return [...byName.values()]
    .filter((at) => at.length > 1)
    .map((at) => {
      const columns = listed(at.map((i) => String(i + 1)));
      const names = listed(at.map((i) => showValue(duckHeaders[i] ?? '')));
      const name = showValue(header.fields[at[0] as number]?.trim() ?? '');
      const both = at.length === 2 ? 'both' : 'all';
      return {
        severity: 'warning',
        code: 'duplicate_header',
        table,
        file,
        column: header.fields[at[0] as number] ?? '',
        count: at.length,
        message: `${file}: columns ${columns} are ${both} named ${name}; they are read as ${names}. Rename them in the file so that each says what it holds.`,
      } satisfies DataIssue;
    });
}

function listed(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A text file DuckDB could not even sniff, when the reason is a quote that never closes:
 * DuckDB then names line 1, this names the line where the quote opens.
 */
export async function unclosedQuote(path: string, file: string): Promise<IcpError | undefined> {
  const line = await openQuoteLine(path);
  return line === undefined
    ? undefined
    : new IcpError(
        'SOURCE',
        `${file} line ${line}: a quote opens there and never closes, so the file cannot be split into rows and fields. Close the quote, or write a quote inside a field twice ("").`,
      );
}

/** The line where the quote still open at the end of the file was opened, if one is. */
async function openQuoteLine(path: string): Promise<number | undefined> {
  let line = 1;
  let open = false;
  let openedAt = 0;
  for await (const raw of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const chunk = raw as Buffer;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 0x0a) line++;
      else if (b === 0x22) {
        open = !open;
        if (open) openedAt = line;
      }
    }
  }
  return open ? openedAt : undefined;
}
