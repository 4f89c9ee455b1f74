import { SingleBar } from 'cli-progress';
import type { CliIo } from './io.js';

/** A progress bar on a terminal, nothing elsewhere (CI logs stay readable). */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * The time left, from the average pace so far: "estimating" until a step is done (cli-progress
 * shows "NFs" for an infinite estimate), then "12s", "3m05s" or "1h02m".
 *
 * @example etaText(1, 4, 10_000) // => "30s"
 */
export function etaText(done: number, total: number, elapsedMs: number): string {
  if (!(done > 0) || !(total > done) || !(elapsedMs > 0))
    return done >= total ? '0s' : 'estimating';
  const s = Math.ceil(((total - done) * elapsedMs) / done / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * The command's terminal as the stream cli-progress draws on (it needs only `write`, `isTTY` and
 * `columns`; readline's cursor moves are writes too), so a bar goes where the command's io says
 * and a test can read it. The bar's codes go through `io.terminal`, unescaped.
 */
function terminalOf(io: CliIo): NodeJS.WritableStream {
  const terminal = {
    isTTY: true,
    columns: process.stderr.columns ?? 80,
    write(text: string | Uint8Array): boolean {
      (io.terminal ?? io.stderr)(
        typeof text === 'string' ? text : Buffer.from(text).toString('utf8'),
      );
      return true;
    },
  };
  return terminal as unknown as NodeJS.WritableStream;
}

/**
 * @param options.counts false when `done` and `total` are not counts worth showing (a
 *   percentage estimated by DuckDB): the bar then shows the percentage and ETA only.
 */
export function createProgress(
  io: CliIo,
  label: string,
  options: { readonly counts?: boolean } = {},
): Progress {
  if (!io.isTTY) return { update: () => {}, stop: () => {} };
  const counts = options.counts === false ? '' : ' | {value}/{total}';
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}%${counts} | ETA {left}`,
    stream: terminalOf(io),
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = 0;
  return {
    update(done, total) {
      if (!started) {
        started = Date.now();
        bar.start(total, 0, { left: 'estimating' });
      }
      bar.setTotal(total);
      bar.update(done, { left: etaText(done, total, Date.now() - started) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
