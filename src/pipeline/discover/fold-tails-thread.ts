import { Worker } from 'node:worker_threads';
import type { FineAttribute } from '../../core/binning/fine-bins.js';
import type {
  FoldTail,
  FoldTailResult,
  FoldTails,
  FoldTailsFactory,
} from '../../core/discovery/fold-tails.js';

/** Below this many rows the folds run in turn: a worker's start costs more than it saves. */
export const TAILS_ROWS = 50_000;

/** A job's state in shared memory: claimed by one side only, by compare-and-exchange. */
export const FREE = 0;
export const TAKEN = 1;
export const BUSY = 2;
export const DONE = 3;
export const FAILED = 4;

/** What the worker is sent for one fold's second part. */
export interface TailJob {
  readonly tail: FoldTail;
  /** Fine attributes the worker has not been sent yet, by index. */
  readonly attributes: readonly (readonly [number, FineAttribute])[];
  /** The part's state (FREE, TAKEN, BUSY, DONE, FAILED), then how many of its stages the worker began. */
  readonly state: Int32Array;
  /** The interactions, the two deviances, then the held-out rows' scores and logits. */
  readonly out: Float64Array;
}

/**
 * The folds' second parts (interactions, joint fit, held-out scores) on a worker thread: on
 * two cores, fold k's runs there while the calling thread selects and fits fold k + 1's
 * main effects, which start from fold k's. The calling thread never waits for a part the
 * worker has not started: it claims it and runs it itself (every part, if the worker never
 * starts). It waits for a part the worker is running, in timed slices, at most `patienceMs`
 * after the worker began the part's last stage (a worker that died mid-part: then it runs that
 * part and every later one itself); a part
 * that threw on the worker is run again here. The same code on the same data gives the same
 * numbers either way, so every output is the same. Only the attributes the folds use are
 * copied to the worker, each once. Not used below `minRows` rows.
 */
export function foldTailsThread(
  options: { minRows?: number; patienceMs?: number } = {},
): (...data: Parameters<FoldTailsFactory>) => ThreadTails | undefined {
  const { minRows = TAILS_ROWS, patienceMs = 120_000 } = options;
  return ({ fine, target }) => {
    if (target.length < minRows) return undefined;
    let worker: Worker;
    try {
      worker = startWorker({ target });
    } catch {
      return undefined;
    }
    // A worker that fails to start or dies leaves its parts FREE or BUSY: see `take`.
    worker.on('error', () => {});
    return tailsOn(worker, fine, patienceMs);
  };
}

/** The folds' second parts on a worker; `settled(k)`: whether part k ended there (done or failed). */
export interface ThreadTails extends FoldTails {
  settled(k: number): boolean;
}

function tailsOn(worker: Worker, fine: readonly FineAttribute[], patienceMs: number): ThreadTails {
  const sent = new Set<number>();
  const jobs = new Map<number, { state: Int32Array; out: Float64Array }>();
  let gaveUp = false;
  return {
    submit(k, tail) {
      const state = new Int32Array(new SharedArrayBuffer(8)); // the state, and the stages begun
      const out = new Float64Array(new SharedArrayBuffer(8 * (3 + 2 * tail.held.length)));
      const fresh = tail.chosen.filter((j) => !sent.has(j));
      const job: TailJob = {
        tail,
        attributes: fresh.map((j) => [j, fine[j] as FineAttribute] as const),
        state,
        out,
      };
      try {
        worker.postMessage(job);
      } catch {
        return; // not sent: run here
      }
      for (const j of fresh) sent.add(j);
      jobs.set(k, { state, out });
    },
    take(k, local) {
      const job = jobs.get(k);
      if (!job || gaveUp) return local();
      const { state, out } = job;
      if (Atomics.compareExchange(state, 0, FREE, TAKEN) === FREE) return local();
      // The patience runs from the last stage the worker began in this part.
      let until = performance.now() + patienceMs;
      let stages = Atomics.load(state, 1);
      while (Atomics.load(state, 0) === BUSY && performance.now() < until) {
        Atomics.wait(state, 0, BUSY, 1_000);
        if (Atomics.load(state, 1) === stages) continue;
        stages = Atomics.load(state, 1);
        until = performance.now() + patienceMs;
      }
      if (Atomics.load(state, 0) !== DONE) {
        if (Atomics.load(state, 0) === BUSY) gaveUp = true; // no word from the worker in time
        return local();
      }
      return resultOf(out);
    },
    close() {
      worker.terminate().catch(() => {});
    },
    settled(k) {
      const state = jobs.get(k)?.state;
      return state !== undefined && Atomics.load(state, 0) >= DONE;
    },
  };
}

/** A part's result as the worker wrote it (`writeResult`). */
function resultOf(out: Float64Array): FoldTailResult {
  const held = (out.length - 3) / 2;
  return {
    interactions: out[0] as number,
    devianceWithout: out[1] as number,
    devianceWith: out[2] as number,
    score: out.slice(3, 3 + held),
    logit: out.slice(3 + held),
  };
}

/** Writes a part's result where `resultOf` reads it. */
export function writeResult(out: Float64Array, result: FoldTailResult): void {
  out[0] = result.interactions;
  out[1] = result.devianceWithout;
  out[2] = result.devianceWith;
  out.set(result.score, 3);
  out.set(result.logit, 3 + result.score.length);
}

/**
 * The worker's module beside this one: compiled JavaScript in the package; the TypeScript
 * source under tsx or vitest (development only), loaded through tsx's loader, which a worker
 * does not inherit.
 */
function startWorker(workerData: object): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts'))
    return new Worker(new URL('./fold-tails-worker.js', here), { workerData });
  const source = new URL('./fold-tails-worker.ts', here).href;
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(code, { eval: true, workerData });
}
