import type { Scene } from '../../scene/scene.ts';
import { sampleAugmentBatch, type AugmentRect } from '../augment/augment-sampler.ts';
import { DEFAULT_AUGMENT_SETTINGS } from '../augment/augment-settings.ts';
import { PatchAugmenter } from '../augment/patch-augmenter.ts';
import type { ClipGradientRuntime } from '../clip/clip-gradient-runtime.ts';
import { CLIP_IMAGE_BYTES } from '../clip/clip-image-layout.ts';
import type { PromptEmbeddings } from '../clip/text-embeddings.ts';
import { readBufferAsync, USAGE } from '../gpu/gpu-buffers.ts';
import { MASK_SHAPE } from '../optim/adam-step.ts';
import { GpuRasterizer } from '../raster/gpu-rasterizer.ts';
import { pointBounds } from './clamp-points.ts';
import { groupMasks, modeLearningRates } from './edit-group-masks.ts';
import { NonFiniteGuard, PointClamp, type PreviewBlit } from './edit-gpu-kernels.ts';
import { buildLossRows } from './edit-loss-rows.ts';
import type { EditCallbacks, EditCheckpoint, EditOptions, EditResult, EditStageTimes } from './edit-types.ts';
import { blendDirections, imageDirection } from './edit-targets.ts';
import { keepFrozen } from './keep-frozen.ts';
import { referencePixels, type ReferencePixels } from './reference-image.ts';
import { projectSceneToPalette } from './palette-projection.ts';
import { renderToRgba8 } from './render-to-rgba8.ts';
import { resolveEditOptions } from './resolve-edit-options.ts';
import { roisOf } from './edit-rois.ts';

// CLIPVG's loop, all on the GPU: render -> augment (ROI views + patches) -> CLIP directional
// loss and pixel gradient (one backward for the weighted sum) -> augment backward ->
// rasteriser backward -> NaN/Inf guard -> Adam -> point clamp. Per iteration only the
// per-image losses and a 4-byte guard flag come back (plus throttled previews). Every buffer
// is created once per run.

export interface EditLoopContext {
  device: GPUDevice;
  embedDim: number;
  prompts: PromptEmbeddings;
  runtimeAsync(microBatch: number): Promise<ClipGradientRuntime>;
  referenceEmbeddingsAsync(raster: GpuRasterizer, augmenter: PatchAugmenter, rois: readonly AugmentRect[]): Promise<Float32Array[]>;
  /** Unit embedding of a picture framed whole in a white square (as ROI 0's reference view). */
  imageEmbeddingAsync(pixels: ReferencePixels): Promise<Float32Array>;
  preview(): PreviewBlit | null;
}

const now = () => performance.now();

/**
 * Runs `options.iterations` iterations. With `resume` (a checkpoint of an earlier run),
 * `input` is ignored: the run starts from the checkpoint's state with its options, targets
 * and Adam state, and goes on where it stopped.
 */
export async function runEditLoopAsync(
  ctx: EditLoopContext,
  input: Scene,
  options: EditOptions,
  callbacks: EditCallbacks,
  resume?: EditCheckpoint,
): Promise<EditResult> {
  const source = structuredClone(resume ? resume.source : input);
  const o = resume ? resolveEditOptions(source, { ...resume.options, iterations: options.iterations }, true) : resolveEditOptions(source, options);
  const { device } = ctx;
  const signal = callbacks.signal;
  const warnings: string[] = [];
  const rois = roisOf(source, o.prompt);
  const R = rois.length;
  const B = R * (1 + o.patches);
  const start = resume?.iterations ?? 0;

  let t = now();
  // ROI 0's text direction is absent when the reference image stands in for the prompt.
  const textTs = resume ? [] : await Promise.all(rois.map((r, k) => (k === 0 && o.prompt.trim() === '' ? undefined : ctx.prompts.directionAsync(r.prompt))));
  for (const [k, r] of rois.entries()) if (textTs[k]) for (const w of (await ctx.prompts.promptAsync(r.prompt)).warnings) warnings.push(w);
  const textMs = now() - t;

  t = now();
  const microBatch = Math.min(o.clipMicroBatch ?? 8, B);
  const runtime = await ctx.runtimeAsync(microBatch);
  const raster = GpuRasterizer.create(device, resume ? resume.state : source, { background: 'white' });
  const owned: { destroy(): void }[] = [raster];
  try {
    if (resume) {
      device.queue.writeBuffer(raster.pointMoments, 0, new Float32Array(resume.adam.pointMoments));
      device.queue.writeBuffer(raster.colorMoments, 0, new Float32Array(resume.adam.colorMoments));
      const paintMoments = resume.adam.paintMoments;
      if (paintMoments?.length) device.queue.writeBuffer(raster.paintMoments, 0, new Float32Array(paintMoments));
      raster.stepCount = resume.adam.step;
    }
    const augmenter = await PatchAugmenter.createAsync(device, { canvasWidth: source.width, canvasHeight: source.height, maxBatch: Math.max(B, R) });
    owned.push(augmenter);
    const pixelGrad = device.createBuffer({ label: 'edit pixel_grad', size: B * CLIP_IMAGE_BYTES, usage: USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST });
    owned.push(pixelGrad);
    const guard = new NonFiniteGuard(device, [
      { buffer: raster.pointGrad, count: raster.pointCount * 2 },
      // The colours' gradients, then the gradient paints' (gpu-rasterizer.ts).
      { buffer: raster.colorGrad, count: raster.groupCount * 4 + raster.paintCount },
    ]);
    owned.push(guard);
    const localRoi = o.onlyInsideRoi === undefined ? undefined : rois[o.onlyInsideRoi];
    const masks = groupMasks(source, o.mode, localRoi, o.frozenGroups);
    raster.setGroupMask(masks);
    const movable = Uint32Array.from(raster.packed.pointGroup, (g) => (masks[g]! & MASK_SHAPE ? 1 : 0));
    const clamp = new PointClamp(device, raster.points, movable, pointBounds(source.width, source.height, o.pointMarginPx));
    owned.push(clamp);
    const lr = modeLearningRates(o.mode, o.shapeLr, o.colorLr);
    const adam = { lrPoints: lr.lrPoints, lrColors: lr.lrColors };
    if (masks.every((m) => m === 0)) warnings.push(`no group intersects ROI ${o.onlyInsideRoi}: nothing to edit`);

    // Reference: the initial render's crop of each ROI (CLIPVG: I_src is the render of the
    // initial vectors). One per ROI, shared by its ROI view and all its patches, as the
    // reference code (CLIPstyler-style) does: source features are computed once per ROI.
    const refs = resume ? resume.sourceEmbeddings : await ctx.referenceEmbeddingsAsync(raster, augmenter, rois);
    const deltaTs = resume ? resume.targets : await targetsAsync(ctx, textTs, refs[0]!, o.referenceImage, o.referenceWeight);
    const rows = buildLossRows(deltaTs, refs, o.patches, o.roiWeight, o.patchWeight);
    const settings = { ...DEFAULT_AUGMENT_SETTINGS, patchesPerRoi: o.patches };
    const setupMs = now() - t;

    const losses: number[] = [];
    const roiViewLosses: number[][] = [];
    const skippedSteps: number[] = [];
    const stages: EditStageTimes = { render: 0, augment: 0, clip: 0, backward: 0, step: 0 };
    const sync = async (stage: keyof EditStageTimes, since: number) => {
      if (!o.timeStages) return now();
      await device.queue.onSubmittedWorkDone();
      const n = now();
      stages[stage] += n - since;
      return n;
    };
    let lastPreview = -Infinity;
    const sendPreview = async (iteration: number, force: boolean) => {
      const p = ctx.preview();
      if (!p && !callbacks.onPreview) return;
      if (!force && now() - lastPreview < o.previewIntervalMs) return;
      lastPreview = now();
      p?.draw(raster.image, raster.width, raster.height);
      if (callbacks.onPreview) {
        const image = renderToRgba8(await raster.readImageAsync(), raster.width, raster.height);
        callbacks.onPreview({ iteration, image });
      }
    };
    await sendPreview(0, true);

    const loopStart = now();
    let cancelled = false;
    let done = 0;
    for (let it = start; it < start + o.iterations; it++) {
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      let ts = now();
      let enc = device.createCommandEncoder({ label: 'edit forward' });
      raster.encodeForward(enc);
      if (o.timeStages) {
        device.queue.submit([enc.finish()]);
        ts = await sync('render', ts);
        enc = device.createCommandEncoder({ label: 'edit augment' });
      }
      augmenter.encodeForward(enc, raster.image, sampleAugmentBatch(o.seed, it, rois, settings));
      device.queue.submit([enc.finish()]);
      ts = await sync('augment', ts);

      const imageLosses = await clipLossAsync(device, runtime, rows, augmenter.pixelValues, pixelGrad);
      // Points that moved far can overflow the tile command lists, which cuts the render short,
      // or curves grow past the line buffer, which draws them with the upload's line counts.
      // The loss readback has already waited for the GPU, so this 24-byte check costs little;
      // on overflow the buffers grow and the iteration is redone on a complete render.
      if (await raster.ensureCapacityAsync()) {
        it--;
        continue;
      }
      ts = await sync('clip', ts);
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      enc = device.createCommandEncoder({ label: 'edit backward' });
      augmenter.encodeBackward(enc, pixelGrad);
      raster.encodeZeroGrad(enc);
      raster.encodeBackward(enc, augmenter.dRender, 4);
      guard.encode(enc);
      device.queue.submit([enc.finish()]);
      const bad = await guard.readFlagAsync();
      ts = await sync('backward', ts);

      let total = 0;
      for (let b = 0; b < B; b++) total += rows.weights[b]! * imageLosses[b]!;
      const finite = Number.isFinite(total);
      if (bad || !finite) {
        skippedSteps.push(it);
      } else {
        raster.step(adam);
        clamp.run();
      }
      await sync('step', ts);
      losses.push(total);
      roiViewLosses.push(rois.map((_, r) => imageLosses[r * (1 + o.patches)]!));
      done = it + 1 - start;
      const elapsedMs = now() - loopStart;
      callbacks.onProgress?.({
        iteration: done,
        iterations: o.iterations,
        loss: total,
        elapsedMs,
        etaMs: (elapsedMs / done) * (o.iterations - done),
        skippedSteps: skippedSteps.length,
      });
      if (done < o.iterations) await sendPreview(done, false);
    }
    const loopMs = now() - loopStart;
    if (skippedSteps.length)
      warnings.push(
        `${skippedSteps.length} step(s) skipped because the loss or a gradient was NaN/Inf (iterations ${skippedSteps.slice(0, 10).join(', ')}${skippedSteps.length > 10 ? ', ...' : ''})`,
      );

    t = now();
    if (done > 0 || cancelled) raster.forward();
    await sendPreview(done, true);
    const state = await raster.downloadSceneAsync();
    const checkpoint: EditCheckpoint = {
      source,
      state,
      options: resume ? resume.options : checkpointOptions(options, o),
      targets: deltaTs,
      sourceEmbeddings: refs,
      iterations: start + done,
      adam: {
        step: raster.stepCount,
        pointMoments: new Float32Array(await readBufferAsync(device, raster.pointMoments, raster.pointCount * 16)),
        colorMoments: new Float32Array(await readBufferAsync(device, raster.colorMoments, raster.groupCount * 32)),
        paintMoments: raster.paintCount ? new Float32Array(await readBufferAsync(device, raster.paintMoments, raster.paintCount * 8)) : new Float32Array(0),
      },
    };
    let scene = keepFrozen(source, state, masks, adam, warnings);
    if (o.mode === 'palette' && !cancelled) scene = projectSceneToPalette(scene, o.palette!);
    const finishMs = now() - t;
    return {
      scene,
      losses,
      roiViewLosses,
      timings: {
        textMs,
        setupMs,
        loopMs,
        finishMs,
        perIterationMs: done ? loopMs / done : 0,
        ...(o.timeStages && done ? { stages: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, v / done])) as unknown as EditStageTimes } : {}),
      },
      skippedSteps,
      warnings,
      cancelled,
      iterations: done,
      clipProvider: runtime.provider,
      checkpoint,
    };
  } finally {
    for (const b of owned.reverse()) b.destroy();
  }
}

/** Loss per image; pixel_grad filled on the GPU (WASM fallback: through the CPU). */
async function clipLossAsync(
  device: GPUDevice,
  runtime: ClipGradientRuntime,
  rows: ReturnType<typeof buildLossRows>,
  pixels: GPUBuffer,
  gradient: GPUBuffer,
): Promise<Float32Array> {
  if (runtime.provider === 'webgpu') return runtime.runGpuAsync({ ...rows, pixels, gradient });
  const px = new Float32Array(await readBufferAsync(device, pixels, rows.count * CLIP_IMAGE_BYTES));
  const out = await runtime.runCpuAsync({ ...rows, pixels: px });
  device.queue.writeBuffer(gradient, 0, out.gradient as Float32Array<ArrayBuffer>);
  return out.losses;
}

/** The target direction per ROI: the prompts', with ROI 0's replaced or joined by the image reference's. */
async function targetsAsync(
  ctx: EditLoopContext,
  text: readonly (Float32Array | undefined)[],
  source0: Float32Array,
  referenceImage: EditOptions['referenceImage'],
  weight: number,
): Promise<Float32Array[]> {
  const out = text.slice();
  if (referenceImage !== undefined) {
    const e = await ctx.imageEmbeddingAsync(referencePixels(referenceImage));
    out[0] = blendDirections(imageDirection(e, source0), text[0], weight);
  }
  return out.map((d) => d!);
}

/** What a continuation reuses: the caller's options with the learning rates strength gave, without the picture and the count. */
function checkpointOptions(options: EditOptions, o: { shapeLr: number; colorLr: number }): EditCheckpoint['options'] {
  const { referenceImage: _r, iterations: _i, strength: _s, referenceWeight: _w, ...rest } = options;
  return { ...rest, shapeLr: o.shapeLr, colorLr: o.colorLr };
}
