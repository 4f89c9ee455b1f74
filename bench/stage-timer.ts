/**
 * Times the stages an `onStage` hook reports: each stage's wall time and the process's CPU
 * time (this machine is shared: CPU time varies less), from its start to the next stage's
 * start, summed when a stage repeats (the cross-validation folds). Used by bench:discover and
 * bench:discover-stages.
 */
export interface StageTimer {
  /** The hook: a stage starts (the previous one ends). */
  readonly mark: (stage: string) => void;
  /** Seconds per stage, in the order the stages first started. */
  readonly times: ReadonlyMap<string, { wall: number; cpu: number }>;
}

export function stageTimer(): StageTimer {
  const times = new Map<string, { wall: number; cpu: number }>();
  let current = 'start';
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const mark = (stage: string) => {
    const now = performance.now();
    const cpu = process.cpuUsage(lastCpu);
    const sum = times.get(current) ?? { wall: 0, cpu: 0 };
    times.set(current, {
      wall: sum.wall + (now - last) / 1000,
      cpu: sum.cpu + (cpu.user + cpu.system) / 1e6,
    });
    current = stage;
    last = now;
    lastCpu = process.cpuUsage();
  };
  return { mark, times };
}

/** Prints each stage's wall time, in scans of `scan` seconds, and CPU time, then the total's. */
export function printStages(
  times: StageTimer['times'],
  scan: number,
  seconds: number,
  cpuTotal: NodeJS.CpuUsage,
): void {
  const width = Math.max(...[...times.keys()].map((k) => k.length));
  const line = (stage: string, wall: number, cpu: number) =>
    `  ${stage.padEnd(width)}  ${wall.toFixed(2).padStart(7)} s  ${(wall / scan).toFixed(1).padStart(6)} scans  ${cpu.toFixed(2).padStart(7)} s CPU`;
  console.log(
    `  ${'stage'.padEnd(width)}  ${'wall'.padStart(9)}  ${'/scan'.padStart(12)}  ${'CPU'.padStart(11)}`,
  );
  for (const [stage, s] of times) if (stage !== 'start') console.log(line(stage, s.wall, s.cpu));
  console.log(line('total', seconds, (cpuTotal.user + cpuTotal.system) / 1e6));
}

/** Runs `run` once: its wall seconds and the process's CPU seconds (the scan baseline). */
export async function timeScan(
  run: () => Promise<unknown>,
): Promise<{ wall: number; cpu: number }> {
  const s0 = performance.now();
  const c0 = process.cpuUsage();
  await run();
  const cpu = process.cpuUsage(c0);
  return { wall: (performance.now() - s0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** Samples the process's RSS every 50 ms until `stop`, which returns the peak seen. */
export function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return {
    stop() {
      clearInterval(sampler);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}
