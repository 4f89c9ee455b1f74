import { createReadStream } from 'node:fs';

/** What a byte scan of JSON text found, before any parser sees it. */
export interface JsonScan {
  /** Deepest nesting of arrays and objects. */
  readonly depth: number;
  /** 1-based line where that depth was first reached. */
  readonly depthLine: number;
  /** `\u0000` escapes inside strings (a NUL no database column can compare). */
  readonly nulEscapes: number;
  readonly nulLine: number | undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const ZERO = 0x30;
const U = 0x75;

/**
 * Scans JSON bytes for nesting depth outside strings, chunk by chunk, in constant memory.
 * DuckDB and V8 recurse per level, so a file nested 100,000 deep crashes the process: this
 * finds it first, cheaply, without parsing.
 */
export class JsonScanner {
  private level = 0;
  private line = 1;
  private inString = false;
  private escaped = false;
  /** Hex digits still to read of a `\u` escape, and whether all so far were zero. */
  private hexLeft = 0;
  private hexZero = false;
  private result = {
    depth: 0,
    depthLine: 1,
    nulEscapes: 0,
    nulLine: undefined as number | undefined,
  };

  push(chunk: Uint8Array): void {
    const r = this.result;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (b === LF) this.line++;
      if (this.inString) {
        if (this.hexLeft > 0) {
          if (b !== ZERO) this.hexZero = false;
          if (--this.hexLeft === 0 && this.hexZero) {
            r.nulEscapes++;
            r.nulLine ??= this.line;
          }
        } else if (this.escaped) {
          this.escaped = false;
          if (b === U) {
            this.hexLeft = 4;
            this.hexZero = true;
          }
        } else if (b === BACKSLASH) this.escaped = true;
        else if (b === QUOTE) this.inString = false;
      } else if (b === QUOTE) this.inString = true;
      else if (b === 0x5b || b === 0x7b) {
        // [ or {
        if (++this.level > r.depth) {
          r.depth = this.level;
          r.depthLine = this.line;
        }
      } else if (b === 0x5d || b === 0x7d) this.level--; // ] or }
    }
  }

  done(): JsonScan {
    return { ...this.result };
  }
}

/** Scans a JSON or NDJSON file (see `JsonScanner`). */
export async function scanJson(path: string): Promise<JsonScan> {
  const scanner = new JsonScanner();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }))
    scanner.push(chunk as Buffer);
  return scanner.done();
}
