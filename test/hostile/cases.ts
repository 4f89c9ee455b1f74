import type { HostileCase } from './case-helpers.js';
import { CHECK_CASES } from './cases-check.js';
import { CLI_CASES } from './cases-cli.js';
import { DISCOVER_CASES } from './cases-discover.js';
import { OTHER_CASES } from './cases-others.js';
import { SCORE_CASES } from './cases-score.js';

export type { HostileCase };

/**
 * Hostile command lines, each with its exact outcome. They run with the fixtures folder
 * (fixtures.ts) as the working directory; `<dir>` in a message stands for its absolute path
 * and `<port>` for a port another server holds. `out/` is where a case may write.
 */
export const CASES: readonly HostileCase[] = [
  ...CLI_CASES,
  ...CHECK_CASES,
  ...DISCOVER_CASES,
  ...SCORE_CASES,
  ...OTHER_CASES,
];
