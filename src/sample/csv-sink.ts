import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';

/**
 * A CSV file written in chunks with back-pressure, into a temporary name that becomes the
 * real one only when `commit` is called: a crash leaves no half-written file behind.
 */
export class CsvSink {
  readonly temp: string;
  private readonly stream: WriteStream;
  private pending: string[] = [];
  private pendingChars = 0;
  rows = 0;

  constructor(
    readonly path: string,
    header: string,
  ) {
    this.temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.stream = createWriteStream(this.temp);
    this.pending.push(header);
  }

  /** Queues lines; call `drain` now and then to write them. */
  push(lines: string[]): void {
    for (const l of lines) {
      this.pending.push(l);
      this.pendingChars += l.length;
    }
    this.rows += lines.length;
    lines.length = 0;
  }

  /** Writes what is queued once enough has gathered (or always, with force). */
  async drain(force = false): Promise<void> {
    if (this.pending.length === 0 || (!force && this.pendingChars < 1 << 18)) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.pendingChars = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  /** Finishes the file and renames it into place; returns its size in bytes. */
  async commit(): Promise<number> {
    await this.drain(true);
    this.stream.end();
    await once(this.stream, 'finish');
    await rename(this.temp, this.path);
    return (await stat(this.path)).size;
  }

  /** Closes and removes the temporary file (after a failure). */
  async abort(): Promise<void> {
    this.stream.destroy();
    await rm(this.temp, { force: true });
  }
}
