import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { IcpError } from '../core/errors/icp-error.js';

/** Characters gathered before one write: large enough that a write costs little per row. */
const CHUNK_CHARS = 1 << 18;

/**
 * A CSV file written in chunks with back-pressure into a temporary name beside it, which
 * becomes the real name only on `publish`: a crash leaves no half-written file behind.
 *
 * @example
 * const sink = new CsvSink('out/deals.csv', 'Deal ID,Stage');
 * sink.push(['D-1,Closed Won']);
 * await sink.drain();
 * await sink.end();
 * await sink.publish();
 */
export class CsvSink {
  readonly temp: string;
  /** Data rows pushed so far (the header not counted). */
  rows = 0;
  /** Bytes handed to the file so far, the header included. */
  bytes = 0;
  private readonly stream: WriteStream;
  private pending: string[] = [];
  private pendingChars = 0;
  private failure: unknown;

  constructor(
    readonly path: string,
    header: string,
  ) {
    this.temp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
    this.stream = createWriteStream(this.temp);
    // An 'error' with no listener would crash the process; keep it for the next await instead.
    this.stream.on('error', (error) => {
      this.failure ??= error;
    });
    this.pending.push(header);
    this.pendingChars = header.length;
  }

  /** Queues lines (and empties the given array, so the caller can reuse it). */
  push(lines: string[]): void {
    for (const l of lines) {
      this.pending.push(l);
      this.pendingChars += l.length;
    }
    this.rows += lines.length;
    lines.length = 0;
  }

  /** Writes what is queued once a chunk has gathered (or always, with `force`). */
  async drain(force = false): Promise<void> {
    this.throwIfFailed();
    if (this.pending.length === 0 || (!force && this.pendingChars < CHUNK_CHARS)) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.pendingChars = 0;
    this.bytes += Buffer.byteLength(text);
    if (!this.stream.write(text)) await this.settle('drain');
  }

  /** Writes the rest and closes the temporary file. */
  async end(): Promise<void> {
    await this.drain(true);
    this.stream.end();
    await this.settle('finish');
  }

  /** Renames the finished temporary file to its real name. */
  async publish(): Promise<void> {
    try {
      await rename(this.temp, this.path);
    } catch (error) {
      throw this.outputError(error);
    }
  }

  /**
   * Closes and removes the temporary file after a failure anywhere. Never throws: the
   * failure that led here is the one to report.
   */
  async abort(): Promise<void> {
    this.stream.destroy();
    if (!this.stream.closed) await once(this.stream, 'close').catch(() => undefined);
    await rm(this.temp, { force: true }).catch(() => undefined);
  }

  private async settle(event: 'drain' | 'finish'): Promise<void> {
    try {
      await once(this.stream, event);
    } catch (error) {
      throw this.outputError(error);
    }
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.outputError(this.failure);
  }

  private outputError(error: unknown): IcpError {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return new IcpError(
      'OUTPUT',
      `${this.path}: cannot write the file (${code}). Check that the folder is writable and the disk has room, or choose another output folder.`,
      { cause: error },
    );
  }
}
