import { execFileSync } from 'node:child_process';

// Memory and CPU time of the Chromium processes this test process started (browser,
// renderers, GPU and utility processes), read from ps, for the end-to-end model tests' memory
// peak and CPU time. CPU seconds do not grow with the machine's load the way wall time does,
// so they are the figure to compare between runs on a shared machine.

interface ChromiumUsage {
  /** Sum of resident set sizes, MiB. */
  rssMB: number;
  /** Sum of CPU time used so far (user + system), seconds, of the processes alive now. */
  cpuS: number;
}

/** RSS and CPU time of this process's Chromium descendants; zeros where ps is unavailable. */
export function chromiumUsage(): ChromiumUsage {
  try {
    const out = execFileSync('ps', ['-eo', 'ppid=,pid=,rss=,times=,comm='], { encoding: 'utf8' });
    const rows = out
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/));
    const kids = new Set<string>([String(process.pid)]);
    for (let changed = true; changed; ) {
      changed = false;
      for (const [ppid, pid] of rows) if (kids.has(ppid!) && !kids.has(pid!)) kids.add(pid!), (changed = true);
    }
    const ours = rows.filter(([, pid, , , comm]) => pid !== String(process.pid) && kids.has(pid!) && /chrom/i.test(comm ?? ''));
    return { rssMB: ours.reduce((s, r) => s + Number(r[2]) / 1024, 0), cpuS: ours.reduce((s, r) => s + Number(r[3]), 0) };
  } catch {
    return { rssMB: 0, cpuS: 0 };
  }
}

export interface UsagePeaks {
  /** RSS peaks, MiB. */
  nodeMB: number;
  chromiumMB: number;
  /** CPU seconds used since sampling began: this process, and its Chromium (the largest total seen). */
  nodeCpuS: number;
  chromiumCpuS: number;
}

/** Samples RSS peaks and CPU time of this process and its Chromium every `ms` (each sample runs ps) until stopped. */
export function sampleUsage(ms = 2000): { stop(): UsagePeaks } {
  const cpu0 = process.cpuUsage();
  const chromium0 = chromiumUsage().cpuS;
  let nodeMB = 0;
  let chromiumMB = 0;
  let chromiumCpu = chromium0;
  const sample = () => {
    nodeMB = Math.max(nodeMB, process.memoryUsage().rss / 2 ** 20);
    const c = chromiumUsage();
    chromiumMB = Math.max(chromiumMB, c.rssMB);
    chromiumCpu = Math.max(chromiumCpu, c.cpuS);
  };
  sample();
  const timer = setInterval(sample, ms);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const cpu = process.cpuUsage(cpu0);
      return {
        nodeMB: Math.round(nodeMB),
        chromiumMB: Math.round(chromiumMB),
        nodeCpuS: Math.round((cpu.user + cpu.system) / 1e5) / 10,
        chromiumCpuS: chromiumCpu - chromium0,
      };
    },
  };
}
