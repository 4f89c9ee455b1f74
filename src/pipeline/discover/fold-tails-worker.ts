/**
 * The worker of `foldTailsThread`: runs each fold's second part it is sent (`runFoldTail`,
 * the code the calling thread would run), unless the calling thread claimed it first, and
 * writes the result into shared memory before marking it done (or failed, if it threw); it
 * counts the stages it begins, so the calling thread knows it is alive.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FineAttribute } from '../../core/binning/fine-bins.js';
import { runFoldTail } from '../../core/discovery/fold-tails.js';
import { BUSY, DONE, FAILED, FREE, type TailJob, writeResult } from './fold-tails-thread.js';

const { target } = workerData as { target: Uint8Array };
const fine: FineAttribute[] = [];
parentPort?.on('message', (job: TailJob) => {
  for (const [j, attribute] of job.attributes) fine[j] = attribute;
  if (Atomics.compareExchange(job.state, 0, FREE, BUSY) !== FREE) return;
  try {
    const began = () => Atomics.add(job.state, 1, 1);
    writeResult(job.out, runFoldTail(fine, target, job.tail, began));
    Atomics.store(job.state, 0, DONE);
  } catch {
    Atomics.store(job.state, 0, FAILED);
  }
  Atomics.notify(job.state, 0);
});
