import * as ort from 'onnxruntime-web/webgpu';
import { createClipSessionAsync, type ClipProvider } from './clip-session.ts';
import { microBatchesOfSize } from './clip-micro-batch-plan.ts';
import { fixedBatchOverrides } from './clip-onnx-inputs.ts';
import { CLIP_IMAGE_BYTES, CLIP_IMAGE_FLOATS, CLIP_IMAGE_SIZE } from './clip-image-layout.ts';

// Runs the CLIP gradient graph (inputs pixel_values [B,3,224,224], delta_t [B,D], ref_embeds
// [B,D], loss_weights [B]; outputs loss [B], pixel_grad [B,3,224,224]) over all crops of one
// iteration, in micro-batches. On WebGPU the pixels and gradients stay on the GPU: each
// micro-batch's rows are copied (copyBufferToBuffer) into a fixed input buffer bound with
// Tensor.fromGpuBuffer, the graph writes pixel_grad into a fixed, pre-bound output buffer, and
// those rows are copied to their place in the caller's gradient buffer. Images are independent
// (the loss is a weighted sum of per-image terms), so micro-batches write disjoint rows and
// nothing needs adding up; only the per-image losses come back to the CPU.

const IMAGE_BYTES = CLIP_IMAGE_BYTES;

export interface ClipGradientRuntimeOptions {
  /** ONNX bytes of the gradient graph (from buildClipGradientModel). */
  gradientModel: Uint8Array;
  /** The engine's device; absent: WASM with a notice. */
  device?: GPUDevice;
  /** Embedding width D. */
  embedDim: number;
  /**
   * Rows per run. The session's batch dimension is fixed to it (static shapes let ORT fold the
   * shape subgraphs, so every node runs on WebGPU); the last micro-batch is padded with
   * zero-weight rows. test/support/clip-micro-batch-budget.ts plans it against a memory budget.
   */
  microBatch: number;
  verboseLog?: boolean;
}

interface CommonBatch {
  count: number;
  /** [count, D] ΔT per image. */
  deltaT: Float32Array;
  /** [count, D] unit reference embedding per image. */
  refEmbeds: Float32Array;
  /** [count] weight of each image's loss in the total. */
  weights: Float32Array;
}

export interface ClipGpuBatch extends CommonBatch {
  /** [count,3,224,224] CLIP-normalised float32 pixels; usage COPY_SRC. */
  pixels: GPUBuffer;
  /** Receives [count,3,224,224] d(Σ w·L)/d pixels; usage COPY_DST. */
  gradient: GPUBuffer;
}

export interface ClipCpuBatch extends CommonBatch {
  pixels: Float32Array;
}

export interface ClipGradientRuntime {
  provider: ClipProvider;
  notice?: string;
  /** WebGPU only: pixels and gradient stay on the GPU; resolves to the per-image losses. */
  runGpuAsync(batch: ClipGpuBatch): Promise<Float32Array>;
  /** Either provider: CPU arrays in and out (tests, the WASM fallback). */
  runCpuAsync(batch: ClipCpuBatch): Promise<{ losses: Float32Array; gradient: Float32Array }>;
  releaseAsync(): Promise<void>;
}

export async function createClipGradientRuntimeAsync(options: ClipGradientRuntimeOptions): Promise<ClipGradientRuntime> {
  const D = options.embedDim;
  const clip = await createClipSessionAsync(options.gradientModel, {
    ...(options.device ? { device: options.device } : {}),
    gpuOutputs: ['pixel_grad'],
    ...(options.verboseLog ? { verboseLog: true } : {}),
    freeDimensionOverrides: fixedBatchOverrides(options.gradientModel, options.microBatch),
  });
  const { session } = clip;
  for (const name of ['pixel_values', 'delta_t', 'ref_embeds', 'loss_weights']) {
    if (!session.inputNames.includes(name)) throw new Error(`the CLIP gradient model has no input "${name}" (inputs: ${session.inputNames.join(', ')})`);
  }
  for (const name of ['loss', 'pixel_grad']) {
    if (!session.outputNames.includes(name)) throw new Error(`the CLIP gradient model has no output "${name}" (outputs: ${session.outputNames.join(', ')})`);
  }
  const gpu = clip.provider === 'webgpu' ? options.device : undefined;
  // One input and one output buffer of the micro-batch size, reused across iterations.
  const slots = new Map<number, { input: GPUBuffer; output: GPUBuffer; inputTensor: ort.Tensor; outputTensor: ort.Tensor }>();
  const slotFor = (size: number, device: GPUDevice) => {
    let slot = slots.get(size);
    if (!slot) {
      const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
      const input = device.createBuffer({ label: `clip pixels x${size}`, size: size * IMAGE_BYTES, usage });
      const output = device.createBuffer({ label: `clip pixel_grad x${size}`, size: size * IMAGE_BYTES, usage });
      const dims = [size, 3, CLIP_IMAGE_SIZE, CLIP_IMAGE_SIZE];
      slot = {
        input,
        output,
        inputTensor: ort.Tensor.fromGpuBuffer(input, { dataType: 'float32', dims }),
        outputTensor: ort.Tensor.fromGpuBuffer(output, { dataType: 'float32', dims }),
      };
      slots.set(size, slot);
    }
    return slot;
  };

  const smallFeeds = (batch: CommonBatch, start: number, count: number, size: number) => {
    checkBatch(batch, D);
    const dt = new Float32Array(size * D);
    const ref = new Float32Array(size * D);
    const w = new Float32Array(size);
    dt.set(batch.deltaT.subarray(start * D, (start + count) * D));
    ref.set(batch.refEmbeds.subarray(start * D, (start + count) * D));
    w.set(batch.weights.subarray(start, start + count));
    // Padding rows: weight 0 (no gradient) and a valid unit ΔT / reference so their loss stays finite.
    for (let r = count; r < size; r++) {
      dt[r * D] = 1;
      ref[r * D + (D > 1 ? 1 : 0)] = 1;
    }
    return {
      delta_t: new ort.Tensor('float32', dt, [size, D]),
      ref_embeds: new ort.Tensor('float32', ref, [size, D]),
      loss_weights: new ort.Tensor('float32', w, [size]),
    };
  };

  return {
    provider: clip.provider,
    ...(clip.notice ? { notice: clip.notice } : {}),

    async runGpuAsync(batch) {
      if (!gpu) throw new Error('runGpuAsync needs the WebGPU provider; CLIP runs on WASM here, use runCpuAsync');
      const plan = microBatchesOfSize(batch.count, options.microBatch);
      if (batch.pixels.size < batch.count * IMAGE_BYTES)
        throw new Error(`pixel buffer holds ${batch.pixels.size} bytes, ${batch.count} images need ${batch.count * IMAGE_BYTES}`);
      if (batch.gradient.size < batch.count * IMAGE_BYTES)
        throw new Error(`gradient buffer holds ${batch.gradient.size} bytes, ${batch.count} images need ${batch.count * IMAGE_BYTES}`);
      const slot = slotFor(plan.size, gpu);
      const losses = new Float32Array(batch.count);
      for (const mb of plan.batches) {
        const copyIn = gpu.createCommandEncoder({ label: 'clip micro-batch in' });
        copyIn.copyBufferToBuffer(batch.pixels, mb.start * IMAGE_BYTES, slot.input, 0, mb.count * IMAGE_BYTES);
        gpu.queue.submit([copyIn.finish()]);
        const out = await session.run(
          { pixel_values: slot.inputTensor, ...smallFeeds(batch, mb.start, mb.count, plan.size) },
          { loss: null, pixel_grad: slot.outputTensor },
        );
        const copyOut = gpu.createCommandEncoder({ label: 'clip micro-batch out' });
        copyOut.copyBufferToBuffer(slot.output, 0, batch.gradient, mb.start * IMAGE_BYTES, mb.count * IMAGE_BYTES);
        gpu.queue.submit([copyOut.finish()]);
        const loss = await out.loss!.getData();
        losses.set((loss as Float32Array).subarray(0, mb.count), mb.start);
        out.loss!.dispose();
      }
      return losses;
    },

    async runCpuAsync(batch) {
      if (batch.pixels.length !== batch.count * CLIP_IMAGE_FLOATS)
        throw new Error(`pixels hold ${batch.pixels.length} floats, ${batch.count} images need ${batch.count * CLIP_IMAGE_FLOATS}`);
      const plan = microBatchesOfSize(batch.count, options.microBatch);
      const losses = new Float32Array(batch.count);
      const gradient = new Float32Array(batch.count * CLIP_IMAGE_FLOATS);
      const px = new Float32Array(plan.size * CLIP_IMAGE_FLOATS);
      for (const mb of plan.batches) {
        px.fill(0);
        px.set(batch.pixels.subarray(mb.start * CLIP_IMAGE_FLOATS, (mb.start + mb.count) * CLIP_IMAGE_FLOATS));
        const out = await session.run({
          pixel_values: new ort.Tensor('float32', px, [plan.size, 3, CLIP_IMAGE_SIZE, CLIP_IMAGE_SIZE]),
          ...smallFeeds(batch, mb.start, mb.count, plan.size),
        });
        const loss = (await out.loss!.getData()) as Float32Array;
        const grad = (await out.pixel_grad!.getData(true)) as Float32Array;
        losses.set(loss.subarray(0, mb.count), mb.start);
        gradient.set(grad.subarray(0, mb.count * CLIP_IMAGE_FLOATS), mb.start * CLIP_IMAGE_FLOATS);
        out.loss!.dispose();
      }
      return { losses, gradient };
    },

    async releaseAsync() {
      await session.release();
      for (const slot of slots.values()) {
        slot.input.destroy();
        slot.output.destroy();
      }
      slots.clear();
    },
  };
}

function checkBatch(batch: CommonBatch, D: number): void {
  if (batch.deltaT.length !== batch.count * D) throw new Error(`deltaT holds ${batch.deltaT.length} floats, expected ${batch.count}x${D}`);
  if (batch.refEmbeds.length !== batch.count * D) throw new Error(`refEmbeds holds ${batch.refEmbeds.length} floats, expected ${batch.count}x${D}`);
  if (batch.weights.length !== batch.count) throw new Error(`weights holds ${batch.weights.length} values, expected ${batch.count}`);
}
