import { createReadStream, createWriteStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';

/** What a streamed pass over a text file found. */
export interface TextScan {
  /** Invalid UTF-8 bytes seen (read as Windows-1252 in the normalised copy). */
  readonly invalidBytes: number;
  /** 1-based line of the first invalid byte. */
  readonly firstInvalidLine: number | undefined;
  /** Line breaks that are a lone carriage return (old Mac / some Excel exports). */
  readonly loneCarriageReturns: number;
  readonly bytes: number;
  /** NUL bytes (removed in the normalised copy: no database column compares them). */
  readonly nulBytes: number;
  readonly firstNulLine: number | undefined;
  /** The longest line in bytes (between LF, CR or CRLF line breaks) and its 1-based line number. */
  readonly longestLine: number;
  readonly longestLineAt: number;
}

const CR = 13;
const LF = 10;

/**
 * Streams a text file once to find what DuckDB's reader cannot take as is: bytes that are not
 * UTF-8, lone CR line breaks, NUL bytes, and how long the longest line is. Memory stays at one
 * chunk whatever the file size.
 */
export async function scanText(path: string): Promise<TextScan> {
  let invalidBytes = 0;
  let firstInvalidLine: number | undefined;
  let loneCarriageReturns = 0;
  let bytes = 0;
  let line = 1;
  let carry: Buffer = Buffer.alloc(0);
  let pendingCr = false;
  let nulBytes = 0;
  let firstNulLine: number | undefined;
  const lines: LineState = { longest: 0, at: 1, line: 1, start: 0, afterCr: -1 };

  for await (const raw of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const chunk = raw as Buffer;
    measureLines(chunk, bytes, lines);
    for (let at = chunk.indexOf(0); at !== -1; at = chunk.indexOf(0, at + 1)) {
      if (nulBytes++ === 0) firstNulLine = line + countLines(chunk.subarray(0, at));
    }
    bytes += chunk.length;
    if (pendingCr && chunk[0] !== LF) loneCarriageReturns++;
    pendingCr = false;
    let from = chunk.indexOf(CR);
    while (from !== -1) {
      if (from === chunk.length - 1) pendingCr = true;
      else if (chunk[from + 1] !== LF) loneCarriageReturns++;
      from = chunk.indexOf(CR, from + 1);
    }
    // A multi-byte character can straddle chunks: hold back an incomplete tail.
    const joined = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const cut = completeUtf8Length(joined);
    const body = joined.subarray(0, cut);
    carry = Buffer.from(joined.subarray(cut));
    if (!isUtf8(body)) {
      const found = countInvalid(body);
      if (firstInvalidLine === undefined && found.first >= 0) {
        firstInvalidLine = line + countLines(body.subarray(0, found.first));
      }
      invalidBytes += found.count;
    }
    line += countLines(body);
  }
  if (pendingCr) loneCarriageReturns++;
  if (carry.length > 0) {
    invalidBytes += carry.length;
    firstInvalidLine ??= line;
  }
  measureLines(Buffer.from([LF]), bytes, lines);
  return {
    invalidBytes,
    firstInvalidLine,
    loneCarriageReturns,
    bytes,
    nulBytes,
    firstNulLine,
    longestLine: lines.longest,
    longestLineAt: lines.at,
  };
}

/**
 * Tracks the longest line across chunks; `offset` is the chunk's place in the file. A line ends
 * at LF, CR or CRLF (counted once), as `countLines` counts them.
 */
function measureLines(chunk: Buffer, offset: number, state: LineState): void {
  let lf = chunk.indexOf(LF);
  let cr = chunk.indexOf(CR);
  while (lf !== -1 || cr !== -1) {
    const i = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
    const at = offset + i;
    if (chunk[i] === LF && at === state.afterCr) {
      state.start = at + 1; // the LF of a CRLF: the line ended at its CR
    } else {
      const length = at - state.start;
      if (length > state.longest) {
        state.longest = length;
        state.at = state.line;
      }
      state.line++;
      state.start = at + 1;
      if (chunk[i] === CR) state.afterCr = at + 1;
    }
    if (i === lf) lf = chunk.indexOf(LF, i + 1);
    else cr = chunk.indexOf(CR, i + 1);
  }
}

interface LineState {
  longest: number;
  at: number;
  line: number;
  start: number;
  /** The position right after the last CR, where an LF would make it a CRLF. */
  afterCr: number;
}

/**
 * Writes a UTF-8 copy with LF line breaks: valid UTF-8 is copied, each invalid byte is read as
 * Windows-1252 (the usual culprit in CRM exports), CR or CRLF become LF and NUL bytes are
 * dropped. Streams.
 */
export async function writeNormalisedCopy(path: string, target: string): Promise<void> {
  const out = createWriteStream(target);
  let carry: Buffer = Buffer.alloc(0);
  let pendingCr = false;
  for await (const raw of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const joined = carry.length > 0 ? Buffer.concat([carry, raw as Buffer]) : (raw as Buffer);
    const cut = completeUtf8Length(joined);
    carry = Buffer.from(joined.subarray(cut));
    let text = repairUtf8(joined.subarray(0, cut));
    if (pendingCr && text.startsWith('\n')) text = text.slice(1);
    pendingCr = text.endsWith('\r');
    text = text.replace(/\r\n?/g, '\n').replaceAll('\0', '');
    if (!out.write(text)) await once(out, 'drain');
  }
  if (carry.length > 0) out.write([...carry].map(cp1252).join(''));
  out.end();
  await once(out, 'finish');
}

/** Length of the prefix that does not end inside an unfinished multi-byte sequence. */
function completeUtf8Length(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= 3 && back <= n; back++) {
    const b = buf[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** Length of the valid UTF-8 sequence starting at i, or 0 when the byte there is invalid. */
function sequenceLength(buf: Buffer, i: number): number {
  const b = buf[i] as number;
  if (b < 0x80) return 1;
  const need =
    b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (need === 0 || i + need > buf.length) return 0;
  for (let k = 1; k < need; k++) if (((buf[i + k] as number) & 0xc0) !== 0x80) return 0;
  return isUtf8(buf.subarray(i, i + need)) ? need : 0;
}

function countInvalid(buf: Buffer): { count: number; first: number } {
  let count = 0;
  let first = -1;
  for (let i = 0; i < buf.length; ) {
    const len = sequenceLength(buf, i);
    if (len === 0) {
      count++;
      if (first < 0) first = i;
      i++;
    } else i += len;
  }
  return { count, first };
}

/**
 * Windows-1252 for 0x80-0x9F (Node's TextDecoder reads these as Latin-1 control characters);
 * 0xA0-0xFF are the same code points as Latin-1. Unassigned bytes keep their code point.
 */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function cp1252(byte: number): string {
  return byte >= 0x80 && byte <= 0x9f
    ? (CP1252_HIGH[byte - 0x80] as string)
    : String.fromCharCode(byte);
}

function repairUtf8(buf: Buffer): string {
  if (isUtf8(buf)) return buf.toString('utf8');
  let out = '';
  let start = 0;
  for (let i = 0; i < buf.length; ) {
    const len = sequenceLength(buf, i);
    if (len === 0) {
      out += buf.toString('utf8', start, i) + cp1252(buf[i] as number);
      i++;
      start = i;
    } else i += len;
  }
  return out + buf.toString('utf8', start);
}

/** Line breaks in a buffer: LF, plus CR not followed by LF. */
function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(LF); i !== -1; i = buf.indexOf(LF, i + 1)) n++;
  for (let i = buf.indexOf(CR); i !== -1; i = buf.indexOf(CR, i + 1)) if (buf[i + 1] !== LF) n++;
  return n;
}
