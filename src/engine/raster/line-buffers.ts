import { createBufferWith, createZeroBuffer, readBufferAsync } from '../gpu/gpu-buffers.ts';
import { MAX_LINES_PER_SEGMENT, type PackedScene } from './packed-scene.ts';

// GpuRasterizer's flattened geometry: the line buffers (lines, dL/dlines) sized for a line
// capacity that grows, and what allocate-lines.wgsl reads and writes to lay lines out in them.

/** The lines any points can want: every segment at MAX_LINES_PER_SEGMENT. */
export function maxLines(ps: PackedScene): number {
  return ps.segmentCount * MAX_LINES_PER_SEGMENT;
}

/** Room for the upload's lines twice over (curves may grow), at least the upload's, at most maxLines. */
export function initialLineCapacity(ps: PackedScene, requested?: number): number {
  const wish = requested !== undefined && Number.isFinite(requested) ? Math.floor(requested) : 2 * ps.lineCount + 1024;
  return Math.max(ps.lineCount, Math.min(maxLines(ps), wish));
}

export class LineBuffers {
  capacity = 0;
  /** f32 (x0, y0, x1, y1) per line; replaced when the capacity grows. */
  lines!: GPUBuffer;
  /** dL/d(line ends), f32 x4 per line; replaced with `lines`. */
  lineGrad!: GPUBuffer;
  /** Per segment: its 4 control points' indices. */
  readonly segPoints: GPUBuffer;
  /** Per segment: (first line, count) of the latest render. */
  readonly segLines: GPUBuffer;
  /** Per segment: the upload's (first line, count): the layout used when the capacity is short. */
  readonly uploadLines: GPUBuffer;
  /** Per group: [first segment, end segment). */
  readonly groupSegs: GPUBuffer;
  /** (lines wanted, overflow) of the latest render. */
  readonly lineAlloc: GPUBuffer;

  constructor(
    private readonly device: GPUDevice,
    private readonly ps: PackedScene,
    capacity: number,
  ) {
    this.segPoints = createBufferWith(device, ps.segPoints, undefined, 'seg-points');
    const segLines = new Uint32Array(ps.segmentCount * 2);
    for (let s = 0; s < ps.segmentCount; s++) segLines.set([ps.segLineStart[s]!, ps.segLineCount[s]!], s * 2);
    this.segLines = createBufferWith(device, segLines, undefined, 'seg-lines');
    this.uploadLines = createBufferWith(device, segLines, undefined, 'upload-seg-lines');
    const groupSegs = new Uint32Array(ps.groupCount * 2);
    for (let g = 0; g < ps.groupCount; g++) groupSegs.set([ps.groupSegStart[g]!, ps.groupSegEnd[g]!], g * 2);
    this.groupSegs = createBufferWith(device, groupSegs, undefined, 'group-segs');
    this.lineAlloc = createZeroBuffer(device, 8, undefined, 'line-alloc');
    this.resize(capacity);
  }

  resize(capacity: number): void {
    this.lines?.destroy();
    this.lineGrad?.destroy();
    this.capacity = capacity;
    this.lines = createZeroBuffer(this.device, capacity * 16, undefined, 'lines');
    this.lineGrad = createZeroBuffer(this.device, capacity * 16, undefined, 'lineGrad');
  }

  /** The capacity to grow to when `wanted` lines did not fit: twice that, within maxLines. */
  grownCapacity(wanted: number): number {
    return Math.max(wanted, Math.min(maxLines(this.ps), 2 * wanted));
  }

  /** The latest render's layout: lines wanted, whether they did not fit, (first, count) per segment. */
  async readAllocationAsync(): Promise<{ wanted: number; overflow: boolean; segLines: Uint32Array }> {
    const alloc = new Uint32Array(await readBufferAsync(this.device, this.lineAlloc, 8));
    const segLines = new Uint32Array(await readBufferAsync(this.device, this.segLines, this.ps.segmentCount * 8));
    return { wanted: alloc[0]!, overflow: alloc[1] !== 0, segLines };
  }

  destroy(): void {
    for (const b of [this.lines, this.lineGrad, this.segPoints, this.segLines, this.uploadLines, this.groupSegs, this.lineAlloc]) b.destroy();
  }
}
