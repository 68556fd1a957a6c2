import type { ModelLoadProgress } from '../engine/models/clip-model-loader.ts';

// Download progress for model files on stderr: one redrawn line on a terminal; on a pipe or a
// log file, one line per file at each quarter so logs stay short.

export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

const WIDTH = 30;

function mb(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

export function formatProgressLine(p: ModelLoadProgress): string {
  if (p.fromCache) return `${p.file.padEnd(9)} cached (${mb(p.received)}, verified)`;
  if (p.total === null || p.total <= 0) return `${p.file.padEnd(9)} ${mb(p.received)}`;
  const f = Math.min(1, p.received / p.total);
  const filled = Math.round(f * WIDTH);
  return `${p.file.padEnd(9)} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(f * 100)).padStart(3)}% ${mb(p.received)} / ${mb(p.total)}`;
}

/** Returns an onProgress callback for the model loader and a finish() that ends the last line. */
export function createProgressBar(sink: ProgressSink) {
  let current: string | undefined;
  let lastQuarter = -1;
  let lastDraw = 0;
  const end = () => {
    if (current !== undefined && sink.isTTY) sink.write('\n');
    current = undefined;
  };
  return {
    onProgress(p: ModelLoadProgress) {
      if (p.file !== current) {
        end();
        current = p.file;
        lastQuarter = -1;
      }
      const done = p.fromCache || (p.total !== null && p.received >= p.total);
      if (sink.isTTY) {
        if (!done && Date.now() - lastDraw < 100) return;
        lastDraw = Date.now();
        sink.write(`\r${formatProgressLine(p)}\x1b[K`);
        return;
      }
      const quarter = p.fromCache ? 4 : p.total ? Math.floor((4 * p.received) / p.total) : 0;
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        sink.write(`${formatProgressLine(p)}\n`);
      }
    },
    finish: end,
  };
}
