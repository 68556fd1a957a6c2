import { readFileSync, readdirSync } from 'node:fs';

// CPU seconds used by Chromium's GPU process (where SwiftShader runs the kernels). On a
// shared, oversubscribed machine wall time swings wildly; CPU time of the process that does
// the work does not. Linux only (/proc); undefined elsewhere.

function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 Hz)
}

/** Pids of all Chromium GPU processes now running. */
export function gpuProcessPids(): Set<number> {
  const out = new Set<number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('--type=gpu-process')) out.add(Number(d));
    } catch {
      // ended, or not ours to read
    }
  }
  return out;
}

/** The GPU process that appeared since `before` was taken (undefined if none or several). */
export function newGpuProcess(before: Set<number>): number | undefined {
  const fresh = [...gpuProcessPids()].filter((p) => !before.has(p));
  return fresh.length === 1 ? fresh[0] : undefined;
}

export async function cpuTimeOfAsync(pid: number | undefined, fn: () => Promise<unknown>): Promise<number | undefined> {
  if (pid === undefined) {
    await fn();
    return undefined;
  }
  const before = cpuSecondsOf(pid);
  await fn();
  return cpuSecondsOf(pid) - before;
}
