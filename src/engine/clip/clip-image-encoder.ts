import * as ort from 'onnxruntime-web/webgpu';
import { createClipSessionAsync, type ClipProvider } from './clip-session.ts';
import { microBatchesOfSize } from './clip-micro-batch-plan.ts';
import { fixedBatchOverrides } from './clip-onnx-inputs.ts';
import { CLIP_IMAGE_BYTES, CLIP_IMAGE_FLOATS, CLIP_IMAGE_SIZE } from './clip-image-layout.ts';

// The plain forward pass (vision_model.onnx: pixel_values -> image_embeds): the embeddings of
// the initial render's crops (the reference for ΔI) and the benchmark's forward yardstick.
// Same IO binding as the gradient runtime: pixels stay on the GPU, only embeddings come back.

const IMAGE_BYTES = CLIP_IMAGE_BYTES;

export interface ClipImageEncoderOptions {
  visionModel: Uint8Array;
  device?: GPUDevice;
  /** Rows per run; the session's batch dimension is fixed to it (see the gradient runtime). */
  microBatch: number;
}

export interface ClipImageEncoder {
  provider: ClipProvider;
  notice?: string;
  embedDim: number;
  /** [count,3,224,224] CLIP-normalised pixels in a COPY_SRC buffer -> raw image_embeds [count, D]. */
  embedGpuAsync(pixels: GPUBuffer, count: number): Promise<Float32Array>;
  embedCpuAsync(pixels: Float32Array, count: number): Promise<Float32Array>;
  releaseAsync(): Promise<void>;
}

export async function createClipImageEncoderAsync(options: ClipImageEncoderOptions): Promise<ClipImageEncoder> {
  const size = options.microBatch;
  const clip = await createClipSessionAsync(options.visionModel, {
    ...(options.device ? { device: options.device } : {}),
    freeDimensionOverrides: fixedBatchOverrides(options.visionModel, size),
  });
  const { session } = clip;
  if (!session.inputNames.includes('pixel_values') || !session.outputNames.includes('image_embeds')) {
    throw new Error(
      `not a CLIP vision model: inputs ${session.inputNames.join(', ')}, outputs ${session.outputNames.join(', ')}; expected pixel_values -> image_embeds`,
    );
  }
  const gpu = clip.provider === 'webgpu' ? options.device : undefined;
  let input: GPUBuffer | undefined;
  let inputTensor: ort.Tensor | undefined;
  let embedDim = 0;

  const collect = async (out: ort.InferenceSession.OnnxValueMapType, result: Float32Array[], count: number) => {
    const t = out.image_embeds!;
    embedDim = t.dims[1]!;
    result.push(((await t.getData()) as Float32Array).slice(0, count * embedDim));
    t.dispose();
  };
  const concat = (parts: Float32Array[]) => {
    const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  };

  return {
    provider: clip.provider,
    ...(clip.notice ? { notice: clip.notice } : {}),
    get embedDim() {
      return embedDim;
    },
    async embedGpuAsync(pixels, count) {
      if (!gpu) throw new Error('embedGpuAsync needs the WebGPU provider; CLIP runs on WASM here, use embedCpuAsync');
      if (pixels.size < count * IMAGE_BYTES) throw new Error(`pixel buffer holds ${pixels.size} bytes, ${count} images need ${count * IMAGE_BYTES}`);
      if (!input) {
        input = gpu.createBuffer({ label: `clip encoder pixels x${size}`, size: size * IMAGE_BYTES, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
        inputTensor = ort.Tensor.fromGpuBuffer(input, { dataType: 'float32', dims: [size, 3, CLIP_IMAGE_SIZE, CLIP_IMAGE_SIZE] });
      }
      const parts: Float32Array[] = [];
      for (const mb of microBatchesOfSize(count, size).batches) {
        const enc = gpu.createCommandEncoder({ label: 'clip encoder in' });
        enc.copyBufferToBuffer(pixels, mb.start * IMAGE_BYTES, input, 0, mb.count * IMAGE_BYTES);
        gpu.queue.submit([enc.finish()]);
        await collect(await session.run({ pixel_values: inputTensor! }, ['image_embeds']), parts, mb.count);
      }
      return concat(parts);
    },
    async embedCpuAsync(pixels, count) {
      if (pixels.length !== count * CLIP_IMAGE_FLOATS)
        throw new Error(`pixels hold ${pixels.length} floats, ${count} images need ${count * CLIP_IMAGE_FLOATS}`);
      const px = new Float32Array(size * CLIP_IMAGE_FLOATS);
      const parts: Float32Array[] = [];
      for (const mb of microBatchesOfSize(count, size).batches) {
        px.fill(0);
        px.set(pixels.subarray(mb.start * CLIP_IMAGE_FLOATS, (mb.start + mb.count) * CLIP_IMAGE_FLOATS));
        const feeds = { pixel_values: new ort.Tensor('float32', px, [size, 3, CLIP_IMAGE_SIZE, CLIP_IMAGE_SIZE]) };
        await collect(await session.run(feeds, ['image_embeds']), parts, mb.count);
      }
      return concat(parts);
    },
    async releaseAsync() {
      await session.release();
      input?.destroy();
    },
  };
}
