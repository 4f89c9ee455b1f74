import { SingleBar } from 'cli-progress';
import type { CliIo } from './io.js';

/** A progress bar on a terminal, nothing elsewhere (CI logs stay readable). */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function createProgress(io: CliIo, label: string): Progress {
  if (!io.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`,
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
