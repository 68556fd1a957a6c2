import { dispatchSize, USAGE } from '../gpu/gpu-buffers.ts';
import type { PointBounds } from './clamp-points.ts';
import { createKernelBindGroup, createKernelComputePipeline, kernelPipelineLayout } from '../gpu/kernel-layout.ts';
import { EDIT_KERNELS } from './edit-kernels.ts';
import { WGSL } from './edit-wgsl-sources.ts';

// The loop's own small kernels: the NaN/Inf guard over the gradients, the point clamp after
// each step, and the preview blit into a canvas. All buffers are made once per run.

/** Checks gradient buffers for NaN/Inf on the GPU; only a 4-byte flag is read back. */
export class NonFiniteGuard {
  private readonly pipeline: GPUComputePipeline;
  private readonly flag: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly checks: { bind: GPUBindGroup; count: number }[] = [];
  private readonly owned: GPUBuffer[] = [];

  constructor(device: GPUDevice, buffers: { buffer: GPUBuffer; count: number }[]) {
    this.pipeline = createKernelComputePipeline(device, EDIT_KERNELS.nonfiniteFlag, WGSL['nonfinite-flag']);
    this.flag = device.createBuffer({ label: 'nonfinite flag', size: 4, usage: USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST });
    this.staging = device.createBuffer({ label: 'nonfinite flag staging', size: 4, usage: USAGE.MAP_READ | USAGE.COPY_DST });
    this.owned.push(this.flag, this.staging);
    for (const { buffer, count } of buffers) {
      if (count === 0) continue;
      const uniform = device.createBuffer({ size: 16, usage: USAGE.UNIFORM | USAGE.COPY_DST });
      device.queue.writeBuffer(uniform, 0, new Uint32Array([count, 0, 0, 0]));
      this.owned.push(uniform);
      const bind = createKernelBindGroup(device, EDIT_KERNELS.nonfiniteFlag, { C: uniform, values: buffer, flag: this.flag });
      this.checks.push({ bind, count });
    }
  }

  /** Records: clear the flag, scan every buffer, copy the flag for readFlagAsync. */
  encode(encoder: GPUCommandEncoder): void {
    encoder.clearBuffer(this.flag);
    if (this.checks.length) {
      const pass = encoder.beginComputePass({ label: 'nonfinite-flag' });
      pass.setPipeline(this.pipeline);
      for (const c of this.checks) {
        pass.setBindGroup(0, c.bind);
        pass.dispatchWorkgroups(...dispatchSize(c.count));
      }
      pass.end();
    }
    encoder.copyBufferToBuffer(this.flag, 0, this.staging, 0, 4);
  }

  async readFlagAsync(): Promise<boolean> {
    await this.staging.mapAsync(GPUMapMode.READ);
    const v = new Uint32Array(this.staging.getMappedRange().slice(0))[0]!;
    this.staging.unmap();
    return v !== 0;
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
  }
}

/** Clamps the rasteriser's points buffer to the canvas plus a margin. */
export class PointClamp {
  private readonly pipeline: GPUComputePipeline;
  private readonly uniform: GPUBuffer;
  private readonly bind: GPUBindGroup;
  private readonly movable: GPUBuffer;
  private readonly count: number;

  constructor(
    private readonly device: GPUDevice,
    points: GPUBuffer,
    movable: Uint32Array,
    b: PointBounds,
  ) {
    this.count = movable.length;
    this.pipeline = createKernelComputePipeline(device, EDIT_KERNELS.clampPoints, WGSL['clamp-points']);
    this.uniform = device.createBuffer({ size: 32, usage: USAGE.UNIFORM | USAGE.COPY_DST });
    const u = new ArrayBuffer(32);
    new Float32Array(u, 0, 4).set([b.minX, b.minY, b.maxX, b.maxY]);
    new Uint32Array(u, 16, 1)[0] = this.count;
    device.queue.writeBuffer(this.uniform, 0, u);
    this.movable = device.createBuffer({ size: Math.max(4, movable.byteLength), usage: USAGE.STORAGE | USAGE.COPY_DST });
    device.queue.writeBuffer(this.movable, 0, movable as Uint32Array<ArrayBuffer>);
    this.bind = createKernelBindGroup(device, EDIT_KERNELS.clampPoints, { B: this.uniform, points, movable: this.movable });
  }

  run(): void {
    if (this.count === 0) return;
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass({ label: 'clamp-points' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bind);
    pass.dispatchWorkgroups(...dispatchSize(this.count));
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  destroy(): void {
    this.uniform.destroy();
    this.movable.destroy();
  }
}

type PreviewCanvas = OffscreenCanvas | HTMLCanvasElement;

/** The preview blit's render pipeline for a target format (one full-screen triangle: draw(3)). */
export function previewBlitPipeline(device: GPUDevice, format: GPUTextureFormat): GPURenderPipeline {
  const blit = EDIT_KERNELS.previewBlit;
  const module = device.createShaderModule({ code: WGSL[blit.shader], label: blit.shader });
  return device.createRenderPipeline({
    label: blit.shader,
    layout: kernelPipelineLayout(device, blit),
    vertex: { module, entryPoint: blit.entry.vertex },
    fragment: { module, entryPoint: blit.entry.fragment, targets: [{ format }] },
    primitive: { topology: 'triangle-list' },
  });
}

/** Draws the render into a canvas configured on the engine's device. */
export class PreviewBlit {
  private readonly context: GPUCanvasContext;
  private readonly pipeline: GPURenderPipeline;
  private readonly uniform: GPUBuffer;
  private readonly binds = new WeakMap<GPUBuffer, GPUBindGroup>();

  constructor(
    private readonly device: GPUDevice,
    readonly canvas: PreviewCanvas,
  ) {
    const context = canvas.getContext('webgpu') as GPUCanvasContext | null;
    if (!context) throw new Error('the preview canvas has no WebGPU context');
    const format = navigator.gpu.getPreferredCanvasFormat();
    context.configure({ device, format, alphaMode: 'opaque' });
    this.context = context;
    this.pipeline = previewBlitPipeline(device, format);
    this.uniform = device.createBuffer({ size: 16, usage: USAGE.UNIFORM | USAGE.COPY_DST });
  }

  draw(image: GPUBuffer, width: number, height: number): void {
    const cw = this.canvas.width;
    const ch = this.canvas.height;
    if (cw === 0 || ch === 0) return;
    this.device.queue.writeBuffer(this.uniform, 0, new Uint32Array([width, height, cw, ch]));
    let bind = this.binds.get(image);
    if (!bind) {
      bind = createKernelBindGroup(this.device, EDIT_KERNELS.previewBlit, { D: this.uniform, image });
      this.binds.set(image, bind);
    }
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginRenderPass({
      colorAttachments: [{ view: this.context.getCurrentTexture().createView(), loadOp: 'clear', storeOp: 'store', clearValue: { r: 1, g: 1, b: 1, a: 1 } }],
    });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, bind);
    pass.draw(3);
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  destroy(): void {
    this.uniform.destroy();
    this.context.unconfigure();
  }
}
