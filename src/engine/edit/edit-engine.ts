import * as ort from 'onnxruntime-web/webgpu';
import type { Scene } from '../../scene/scene.ts';
import { referenceBatch, type AugmentRect } from '../augment/augment-sampler.ts';
import { PatchAugmenter } from '../augment/patch-augmenter.ts';
import { buildClipGradientModel } from '../autodiff/build-clip-gradient-model.ts';
import { clipDeviceDescriptor } from '../clip/clip-device-requirements.ts';
import { createClipGradientRuntimeAsync, type ClipGradientRuntime } from '../clip/clip-gradient-runtime.ts';
import { createClipImageEncoderAsync, type ClipImageEncoder } from '../clip/clip-image-encoder.ts';
import { CLIP_IMAGE_BYTES } from '../clip/clip-image-layout.ts';
import { ClipTokenizer } from '../clip/clip-tokenizer.ts';
import { PromptEmbeddings } from '../clip/text-embeddings.ts';
import { createOrtTextTowerAsync, type TextTower } from '../clip/text-tower.ts';
import { readBufferAsync, USAGE } from '../gpu/gpu-buffers.ts';
import { GpuRasterizer } from '../raster/gpu-rasterizer.ts';
import { loadSceneFromImageFileAsync } from '../vectorize/load-scene-from-image-file.ts';
import type { VectorizeOptions } from '../vectorize/vectorize-options.ts';
import { PreviewBlit } from './edit-gpu-kernels.ts';
import { cosine, normaliseRows } from './edit-loss-rows.ts';
import { roisOf } from './edit-rois.ts';
import { runEditLoopAsync, type EditLoopContext } from './edit-loop.ts';
import type { ReferencePixels } from './reference-image.ts';
import { checkVariationSeeds } from './variation-seeds.ts';
import type {
  DirectionalSimilarity,
  EditCallbacks,
  EditCheckpoint,
  EditEngine,
  EditEngineOptions,
  EditOptions,
  EditResult,
  EditVariation,
} from './edit-types.ts';

// The engine object the hosts hold: owns the device, the CLIP sessions (created lazily per
// micro-batch size and kept: SwiftShader and real GPUs both pay seconds per session) and the
// prompt-embedding cache. One run at a time.

async function requestDeviceAsync(): Promise<GPUDevice> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  const adapter = gpu ? await gpu.requestAdapter() : null;
  if (!adapter) throw new Error('WebGPU is not available here: prompt editing needs it (the rasteriser runs on the GPU)');
  return adapter.requestDevice(clipDeviceDescriptor(adapter));
}

export async function createEditEngineAsync(options: EditEngineOptions): Promise<EditEngine> {
  const device = options.device ?? (await requestDeviceAsync());
  const model = options.model;
  const clipDevice = options.clipProvider === 'wasm' ? undefined : device;
  const tokenizer = new ClipTokenizer(model.tokenizerJson);
  const tower: TextTower = await createOrtTextTowerAsync(ort, model.text);
  const prompts = new PromptEmbeddings(tokenizer, tower, options.templates);
  const embedDim = (await prompts.referenceAsync()).embedding.length;
  let gradientModel = model.gradientModel;
  const runtimes = new Map<number, Promise<ClipGradientRuntime>>();
  const encoders = new Map<number, Promise<ClipImageEncoder>>();
  let preview: PreviewBlit | null = null;
  let running: AbortController | null = null;

  const runtimeAsync = (microBatch: number) => {
    let r = runtimes.get(microBatch);
    if (!r) {
      gradientModel ??= buildClipGradientModel(model.vision);
      r = createClipGradientRuntimeAsync({ gradientModel, ...(clipDevice ? { device: clipDevice } : {}), embedDim, microBatch });
      runtimes.set(microBatch, r);
      r.catch(() => runtimes.delete(microBatch));
    }
    return r;
  };
  const encoderAsync = (microBatch: number) => {
    let e = encoders.get(microBatch);
    if (!e) {
      e = createClipImageEncoderAsync({ visionModel: model.vision, ...(clipDevice ? { device: clipDevice } : {}), microBatch });
      encoders.set(microBatch, e);
      e.catch(() => encoders.delete(microBatch));
    }
    return e;
  };

  /** Unit embeddings of the reference crops (each ROI whole, centred in its white square) of a render. */
  const referenceEmbeddingsAsync = async (raster: GpuRasterizer, augmenter: PatchAugmenter, rois: readonly AugmentRect[]): Promise<Float32Array[]> => {
    const enc = device.createCommandEncoder();
    raster.encodeForward(enc);
    device.queue.submit([enc.finish()]);
    return embedViewsAsync(raster.image, augmenter, rois);
  };
  const embedViewsAsync = async (image: GPUBuffer, augmenter: PatchAugmenter, rois: readonly AugmentRect[]): Promise<Float32Array[]> => {
    const enc = device.createCommandEncoder();
    augmenter.encodeForward(enc, image, referenceBatch(rois));
    device.queue.submit([enc.finish()]);
    const encoder = await encoderAsync(rois.length);
    const raw =
      encoder.provider === 'webgpu'
        ? await encoder.embedGpuAsync(augmenter.pixelValues, rois.length)
        : await encoder.embedCpuAsync(new Float32Array(await readBufferAsync(device, augmenter.pixelValues, rois.length * CLIP_IMAGE_BYTES)), rois.length);
    return normaliseRows(raw, rois.length);
  };

  /** The image reference framed whole in its own white square, through the same augmenter and encoder. */
  const imageEmbeddingAsync = async (pixels: ReferencePixels): Promise<Float32Array> => {
    const augmenter = await PatchAugmenter.createAsync(device, { canvasWidth: pixels.width, canvasHeight: pixels.height, maxBatch: 1 });
    const image = device.createBuffer({ label: 'reference image', size: pixels.data.byteLength, usage: USAGE.STORAGE | USAGE.COPY_DST });
    try {
      device.queue.writeBuffer(image, 0, pixels.data as Float32Array<ArrayBuffer>);
      return (await embedViewsAsync(image, augmenter, [{ x: 0, y: 0, width: pixels.width, height: pixels.height }]))[0]!;
    } finally {
      image.destroy();
      augmenter.destroy();
    }
  };

  const ctx: EditLoopContext = { device, embedDim, prompts, runtimeAsync, referenceEmbeddingsAsync, imageEmbeddingAsync, preview: () => preview };

  /** One run at a time; the caller's signal and cancelRun() both stop it. */
  const exclusiveAsync = async <T>(signal: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    if (running) throw new Error('an edit is already running on this engine');
    const controller = new AbortController();
    const forward = () => controller.abort();
    signal?.addEventListener('abort', forward);
    if (signal?.aborted) controller.abort();
    running = controller;
    try {
      return await run(controller.signal);
    } finally {
      signal?.removeEventListener('abort', forward);
      running = null;
    }
  };

  return {
    modelId: model.id,
    embedDim,
    runEditAsync(scene: Scene, editOptions: EditOptions, callbacks: EditCallbacks = {}): Promise<EditResult> {
      return exclusiveAsync(callbacks.signal, (signal) => runEditLoopAsync(ctx, scene, editOptions, { ...callbacks, signal }));
    },
    continueEditAsync(checkpoint: EditCheckpoint, iterations: number, callbacks: EditCallbacks = {}): Promise<EditResult> {
      return exclusiveAsync(callbacks.signal, (signal) =>
        runEditLoopAsync(ctx, checkpoint.source, { prompt: '', iterations }, { ...callbacks, signal }, checkpoint),
      );
    },
    runVariationsAsync(scene, editOptions, seeds, callbacks = {}) {
      checkVariationSeeds(seeds);
      return exclusiveAsync(callbacks.signal, async (signal) => {
        const done: EditVariation[] = [];
        for (const [index, seed] of seeds.entries()) {
          if (signal.aborted) break;
          const result = await runEditLoopAsync(ctx, scene, { ...editOptions, seed }, { ...callbacks, signal });
          // A cancelled variation is unfinished: the finished ones are kept, it is not.
          if (result.cancelled) break;
          const v = { index, seed, result };
          done.push(v);
          callbacks.onVariation?.(v);
        }
        return done;
      });
    },
    cancelRun() {
      running?.abort();
    },
    setPreviewCanvas(canvas) {
      preview?.destroy();
      preview = canvas ? new PreviewBlit(device, canvas) : null;
    },
    async vectorizeImageAsync(bytes: Uint8Array, vectorizeOptions: Partial<VectorizeOptions> = {}) {
      return (await loadSceneFromImageFileAsync(bytes, vectorizeOptions)).scene;
    },
    async directionalSimilarityAsync(source: Scene, edited: Scene, prompt: string): Promise<DirectionalSimilarity> {
      const rois = roisOf(source, prompt);
      const augmenter = await PatchAugmenter.createAsync(device, { canvasWidth: source.width, canvasHeight: source.height, maxBatch: rois.length });
      const embed = async (s: Scene) => {
        const r = GpuRasterizer.create(device, s, { background: 'white' });
        try {
          return await referenceEmbeddingsAsync(r, augmenter, rois);
        } finally {
          r.destroy();
        }
      };
      try {
        const a = await embed(source);
        const b = await embed(edited);
        const dts = await prompts.directionsForRoisAsync(rois);
        return {
          perRoi: rois.map((_, k) =>
            cosine(
              b[k]!.map((v, i) => v - a[k]![i]!),
              dts[k]!,
            ),
          ),
        };
      } finally {
        augmenter.destroy();
      }
    },
    async releaseAsync() {
      running?.abort();
      preview?.destroy();
      preview = null;
      for (const r of runtimes.values()) await (await r).releaseAsync();
      for (const e of encoders.values()) await (await e).releaseAsync();
      runtimes.clear();
      encoders.clear();
      await tower.releaseAsync();
    },
  };
}
