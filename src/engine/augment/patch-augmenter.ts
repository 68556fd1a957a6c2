import { AUGMENT_PARAM_FLOATS } from './augment-params.ts';
import type { AugmentBatch } from './augment-sampler.ts';
import { AUGMENT_KERNELS } from './augment-kernels.ts';
import { WGSL } from './augment-wgsl-sources.ts';
import { USAGE } from '../gpu/gpu-buffers.ts';
import { createKernelBindGroup, kernelPipelineLayout } from '../gpu/kernel-layout.ts';

// GPU crop / perspective / resize of the render into CLIP's pixel_values and its adjoint.
// All buffers are made once, at the largest batch; an iteration only uploads its
// parameters (128 bytes per image) and a 32-byte uniform.

export interface PatchAugmenterOptions {
  canvasWidth: number;
  canvasHeight: number;
  /** Most images in one batch (ROIs x (1 + patches per ROI)). */
  maxBatch: number;
  /** Side of each output image (224 for CLIP). */
  outputSize?: number;
}

const WORKGROUP = 8;
/** Canvas pixels per invocation of augment-backward.wgsl across and down (its PX, PY). */
const BACKWARD_BLOCK = 4;

async function pipelineAsync(device: GPUDevice, kernel: 'forward' | 'backward'): Promise<GPUComputePipeline> {
  const layout = AUGMENT_KERNELS[kernel];
  const label = layout.shader;
  const module = device.createShaderModule({ code: WGSL[label], label });
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length) throw new Error(`${label}: WGSL errors: ${errors.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join('; ')}`);
  // Synchronous creation: Dawn's createComputePipelineAsync crashes the process in the
  // `webgpu` Node package (SwiftShader) on these shaders; sync creation is equivalent here.
  return device.createComputePipeline({ layout: kernelPipelineLayout(device, layout), compute: { module, entryPoint: layout.entry.compute }, label });
}

export class PatchAugmenter {
  readonly canvasWidth: number;
  readonly canvasHeight: number;
  readonly maxBatch: number;
  readonly outputSize: number;
  /** float32 [maxBatch, 3, S, S], CLIP-normalised; the first `batch` images are valid after forward. */
  readonly pixelValues: GPUBuffer;
  /** float32 RGBA per canvas pixel, like the render: d loss / d render after backward (alpha 0). */
  readonly dRender: GPUBuffer;
  private readonly device: GPUDevice;
  private readonly forwardPipeline: GPUComputePipeline;
  private readonly backwardPipeline: GPUComputePipeline;
  private readonly dims: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly forwardGroups = new WeakMap<GPUBuffer, GPUBindGroup>();
  private readonly backwardGroups = new WeakMap<GPUBuffer, GPUBindGroup>();
  private batch = 0;

  private constructor(device: GPUDevice, options: Required<PatchAugmenterOptions>, forward: GPUComputePipeline, backward: GPUComputePipeline) {
    this.device = device;
    this.canvasWidth = options.canvasWidth;
    this.canvasHeight = options.canvasHeight;
    this.maxBatch = options.maxBatch;
    this.outputSize = options.outputSize;
    this.forwardPipeline = forward;
    this.backwardPipeline = backward;
    const S = this.outputSize;
    this.dims = device.createBuffer({ label: 'augment dims', size: 32, usage: USAGE.UNIFORM | USAGE.COPY_DST });
    this.params = device.createBuffer({ label: 'augment params', size: this.maxBatch * AUGMENT_PARAM_FLOATS * 4, usage: USAGE.STORAGE | USAGE.COPY_DST });
    this.pixelValues = device.createBuffer({
      label: 'augment pixel_values',
      size: this.maxBatch * 3 * S * S * 4,
      usage: USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST,
    });
    this.dRender = device.createBuffer({
      label: 'augment d render',
      size: this.canvasWidth * this.canvasHeight * 16,
      usage: USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST,
    });
  }

  static async createAsync(device: GPUDevice, options: PatchAugmenterOptions): Promise<PatchAugmenter> {
    const o = { outputSize: 224, ...options };
    for (const [k, v] of Object.entries(o)) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`PatchAugmenter: ${k} must be a whole number >= 1, got ${v}`);
    }
    const limits = device.limits;
    if (o.maxBatch * 3 * o.outputSize * o.outputSize * 4 > limits.maxStorageBufferBindingSize) {
      throw new Error(
        `PatchAugmenter: ${o.maxBatch} images of ${o.outputSize}^2 exceed this device's largest storage buffer (${limits.maxStorageBufferBindingSize} bytes); use fewer patches per batch`,
      );
    }
    if (o.maxBatch > limits.maxComputeWorkgroupsPerDimension) throw new Error(`PatchAugmenter: maxBatch ${o.maxBatch} exceeds the device's dispatch limit`);
    const forward = await pipelineAsync(device, 'forward');
    const backward = await pipelineAsync(device, 'backward');
    return new PatchAugmenter(device, o, forward, backward);
  }

  /**
   * Records the sampling of `render` (float32 RGBA, canvasWidth x canvasHeight, straight RGB
   * composited over white: GpuRasterizer.image) into pixelValues for the batch's images,
   * and keeps the batch for backward. The batch's parameters are uploaded through the queue
   * now, so submit this encoder before recording the next iteration's forward.
   */
  encodeForward(encoder: GPUCommandEncoder, render: GPUBuffer, batch: AugmentBatch): GPUBuffer {
    const n = batch.images.length;
    if (batch.outputSize !== this.outputSize) throw new Error(`PatchAugmenter: batch output size ${batch.outputSize} differs from ${this.outputSize}`);
    if (n < 1 || n > this.maxBatch) throw new Error(`PatchAugmenter: batch of ${n} images, expected 1..${this.maxBatch}`);
    if (batch.params.length !== n * AUGMENT_PARAM_FLOATS) throw new Error('PatchAugmenter: batch.params does not match batch.images');
    const need = this.canvasWidth * this.canvasHeight * 16;
    if (render.size < need)
      throw new Error(`PatchAugmenter: render buffer has ${render.size} bytes, ${need} needed for ${this.canvasWidth}x${this.canvasHeight} RGBA float32`);
    this.batch = n;
    this.device.queue.writeBuffer(this.dims, 0, new Uint32Array([this.canvasWidth, this.canvasHeight, n, this.outputSize, 0, 0, 0, 0]));
    this.device.queue.writeBuffer(this.params, 0, batch.params.buffer, batch.params.byteOffset, batch.params.byteLength);
    let group = this.forwardGroups.get(render);
    if (!group) {
      group = createKernelBindGroup(this.device, AUGMENT_KERNELS.forward, { dims: this.dims, images: this.params, render, pixelValues: this.pixelValues });
      this.forwardGroups.set(render, group);
    }
    const groups = Math.ceil(this.outputSize / WORKGROUP);
    this.dispatch(encoder, this.forwardPipeline, group, [groups, groups, n]);
    return this.pixelValues;
  }

  /** encodeForward, submitted at once. */
  forward(render: GPUBuffer, batch: AugmentBatch): GPUBuffer {
    return this.submit((enc) => this.encodeForward(enc, render, batch));
  }

  /**
   * Records dRender = d loss / d render for the last forward's batch, from pixelGrad
   * (float32 [B, 3, S, S], d loss / d pixel_values). Every pixel is written (no zeroing
   * needed), or with `accumulate` added to (a batch split into micro-batches: forward,
   * CLIP gradient, backward per part). dRender can go straight to
   * GpuRasterizer.backward(dRender, 4). Like encodeForward, submit before the next call.
   */
  encodeBackward(encoder: GPUCommandEncoder, pixelGrad: GPUBuffer, options: { accumulate?: boolean } = {}): GPUBuffer {
    if (this.batch === 0) throw new Error('PatchAugmenter: backward before forward');
    this.device.queue.writeBuffer(this.dims, 16, new Uint32Array([options.accumulate ? 1 : 0]));
    const need = this.batch * 3 * this.outputSize * this.outputSize * 4;
    if (pixelGrad.size < need) throw new Error(`PatchAugmenter: pixel_grad buffer has ${pixelGrad.size} bytes, ${need} needed for ${this.batch} images`);
    let group = this.backwardGroups.get(pixelGrad);
    if (!group) {
      group = createKernelBindGroup(this.device, AUGMENT_KERNELS.backward, { dims: this.dims, images: this.params, pixelGrad, dRender: this.dRender });
      this.backwardGroups.set(pixelGrad, group);
    }
    // augment-backward.wgsl: each invocation takes a block of BACKWARD_BLOCK x BACKWARD_BLOCK pixels.
    this.dispatch(encoder, this.backwardPipeline, group, [
      Math.ceil(this.canvasWidth / (WORKGROUP * BACKWARD_BLOCK)),
      Math.ceil(this.canvasHeight / (WORKGROUP * BACKWARD_BLOCK)),
      1,
    ]);
    return this.dRender;
  }

  /** encodeBackward, submitted at once. */
  backward(pixelGrad: GPUBuffer, options: { accumulate?: boolean } = {}): GPUBuffer {
    return this.submit((enc) => this.encodeBackward(enc, pixelGrad, options));
  }

  destroy(): void {
    for (const b of [this.dims, this.params, this.pixelValues, this.dRender]) b.destroy();
  }

  private submit(record: (encoder: GPUCommandEncoder) => GPUBuffer): GPUBuffer {
    const encoder = this.device.createCommandEncoder();
    const out = record(encoder);
    this.device.queue.submit([encoder.finish()]);
    return out;
  }

  private dispatch(encoder: GPUCommandEncoder, pipeline: GPUComputePipeline, group: GPUBindGroup, size: [number, number, number]): void {
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(...size);
    pass.end();
  }
}
