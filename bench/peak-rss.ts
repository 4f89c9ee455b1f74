import { readFileSync } from 'node:fs';

/**
 * This process's own peak resident memory, in bytes. Node's `resourceUsage().maxRSS` (Linux's
 * getrusage) keeps the resident size the process had before its exec, which for a child is its
 * parent's at the spawn: a bench that generated a 10,000,000-row file in its own DuckDB saw
 * every child report the parent's 1.7-2.2 GB. `VmHWM` in /proc/self/status is the high-water
 * mark of this program alone; where there is none (not Linux), maxRSS.
 */
export function peakRssBytes(): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // No /proc: fall back to getrusage below.
  }
  return process.resourceUsage().maxRSS * 1024;
}
