import { createReadStream } from 'node:fs';

/** The first record of a delimited text file, split the way a CSV reader would. */
export interface HeaderLine {
  readonly fields: readonly string[];
  readonly delimiter: string;
  /** A quote opened in the header and not closed before the end of what was read. */
  readonly unclosedQuote: boolean;
}

const CANDIDATES = [',', ';', '\t', '|'] as const;

/** The header of a wide export stays far below this; a longer first line is not a header. */
const HEADER_BYTES = 4 * 1024 * 1024;

/**
 * Reads the header of a CSV or TSV file (up to 4 MiB) and splits it on `delimiter`, or on
 * the candidate (`,` `;` tab `|`) seen most often outside quotes. Quotes are handled as in
 * RFC 4180: `""` inside a quoted field is one quote.
 */
export async function readHeaderLine(path: string, delimiter?: string): Promise<HeaderLine> {
  const text = stripBom(await firstLine(path));
  const delim = delimiter ?? guessDelimiter(text);
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else field += c;
    } else if (c === '"') inQuotes = true;
    else if (text.startsWith(delim, i)) {
      fields.push(field);
      field = '';
      i += delim.length - 1;
    } else if (c === '\n' || c === '\r') break;
    else field += c;
  }
  fields.push(field);
  return { fields, delimiter: delim, unclosedQuote: inQuotes };
}

/** The text up to the first line break outside quotes (or the whole sample without one). */
async function firstLine(path: string): Promise<string> {
  let text = '';
  let quotes = 0;
  for await (const chunk of createReadStream(path, {
    encoding: 'utf8',
    highWaterMark: 64 * 1024,
    end: HEADER_BYTES - 1,
  })) {
    const part = chunk as string;
    for (let i = 0; i < part.length; i++) {
      const c = part[i];
      if (c === '"') quotes++;
      else if ((c === '\n' || c === '\r') && quotes % 2 === 0) return text + part.slice(0, i);
    }
    text += part;
  }
  return text;
}

/** A UTF-8 byte-order mark is not part of the first header. */
function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function guessDelimiter(line: string): string {
  const counts = new Map<string, number>(CANDIDATES.map((d) => [d, 0]));
  let inQuotes = false;
  for (const c of line) {
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && counts.has(c)) counts.set(c, (counts.get(c) as number) + 1);
  }
  let best: string = ',';
  for (const d of CANDIDATES)
    if ((counts.get(d) as number) > (counts.get(best) as number)) best = d;
  return best;
}
