import { SingleBar } from 'cli-progress';
import type { CliIo } from './io.js';

/** A progress bar on a terminal, nothing elsewhere (CI logs stay readable). */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
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
    format: `${label} [{bar}] {percentage}%${counts} | ETA {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
