// The host-facing contract of the prompt-editing engine (CLIPVG's optimisation loop).
// Hosts: the plugin's UI worker (via comlink), the CLI's headless Chromium page, tests.
// Everything that crosses the boundary is plain data (structured-clone safe) except the
// callbacks (wrap them with Comlink.proxy) and the preview canvas (transfer an
// OffscreenCanvas with Comlink.transfer). Over comlink an AbortSignal cannot be sent, so
// the engine also has cancelRun().
import type { RgbaImage } from '../../image/rgba-image.ts';
import type { Rgba, Scene } from '../../scene/scene.ts';
import type { VectorizeOptions } from '../vectorize/vectorize-options.ts';

/**
 * - full: points and colours;
 * - shape: points only, every colour bit-for-bit unchanged (font / glyph stylisation);
 * - color: colours only, every coordinate bit-for-bit unchanged (recolouring);
 * - palette: colours only, then each group's colour snapped to its nearest palette colour
 *   (OKLab distance; alpha kept), so the output uses only palette colours, exactly.
 */
export type EditMode = 'full' | 'shape' | 'color' | 'palette';

export const EDIT_MODES: readonly EditMode[] = ['full', 'shape', 'color', 'palette'];

/** Most seeds one variations run takes. */
export const MAX_VARIATIONS = 8;

export interface EditOptions {
  /**
   * Prompt of ROI 0, the whole canvas. More ROIs and their prompts come from scene.rois.
   * May be empty when referenceImage is given (the picture alone sets ROI 0's direction).
   */
  prompt: string;
  /**
   * Image reference ("make it look like this"): ROI 0's target direction becomes
   * E_I(reference) − E_I(source), the reference framed as the source's ROI 0 view is (whole,
   * centred in a white square), with the same directional loss and augmentations.
   * Decoded pixels, or PNG/JPEG bytes.
   */
  referenceImage?: RgbaImage | Uint8Array;
  /**
   * With both a prompt and referenceImage: the blend of the two unit directions,
   * w·ΔI/|ΔI| + (1 − w)·ΔT/|ΔT|, w in 0..1; default 0.5. Without a prompt it is 1.
   */
  referenceWeight?: number;
  /** Indices into scene.groups that are locked: every parameter kept bit for bit. */
  frozenGroups?: number[];
  /**
   * 0..1, default 0.5 = CLIPVG's settings. Scales the iterations and both learning rates
   * (given or default) together by 4^(strength − 0.5): ×0.5 at 0, ×2 at 1.
   */
  strength?: number;
  /** Default 'full'. */
  mode?: EditMode;
  /** Required (non-empty) for mode 'palette'; straight RGBA in [0,1]. */
  palette?: Rgba[];
  /**
   * Local edit: only groups whose bounding box intersects this ROI get optimised
   * (0 = the whole canvas, k >= 1 = scene.rois[k - 1]). Default: every group.
   */
  onlyInsideRoi?: number;
  /** Default 150 (CLIPVG). */
  iterations?: number;
  /** Random patches per ROI and iteration; default 64 (CLIPVG). 0 = ROI views only. */
  patches?: number;
  /** Seeds the patch sampler; a run is reproducible for a given seed. Default 0. */
  seed?: number;
  /** Adam learning rate of control points, in pixels; default 0.2 (CLIPVG). */
  shapeLr?: number;
  /** Adam learning rate of colours; default 0.01 (CLIPVG). */
  colorLr?: number;
  /** Weight of each ROI view's loss; default 30 (CLIPVG w_roi). */
  roiWeight?: number;
  /** Weight of the patch mean per ROI; default 80 (CLIPVG w_patch), i.e. 80/N per patch. */
  patchWeight?: number;
  /** Control points are clamped to [-margin, size + margin] after every step; default 0.1·max(w,h). */
  pointMarginPx?: number;
  /** Minimum time between previews (onPreview and the preview canvas); default 250 ms. 0 = every iteration. */
  previewIntervalMs?: number;
  /** Benchmarks only: wait for the GPU after each stage to time it (slows the loop). Default false. */
  timeStages?: boolean;
  /** Images per CLIP run (session batch); default min(8, images per iteration). */
  clipMicroBatch?: number;
}

export interface EditProgress {
  /** Iterations done, 1-based (the one just finished). */
  iteration: number;
  iterations: number;
  /** Weighted total loss of that iteration. */
  loss: number;
  elapsedMs: number;
  /** Estimated time left, from the mean iteration time so far. */
  etaMs: number;
  /** Steps skipped so far because a gradient held NaN or Inf. */
  skippedSteps: number;
}

export interface EditPreview {
  /** Iterations done when the render was taken (0 = the initial render). */
  iteration: number;
  /** The current render, 8-bit straight RGBA composited over white. */
  image: RgbaImage;
}

export interface EditCallbacks {
  onProgress?: (p: EditProgress) => void;
  /** Throttled by previewIntervalMs; always called for the final state. */
  onPreview?: (p: EditPreview) => void;
  /** Aborting stops the run within one iteration; the input scene is never modified. */
  signal?: AbortSignal;
}

/** Per-iteration stage times (ms), only measured with timeStages. */
export interface EditStageTimes {
  render: number;
  augment: number;
  clip: number;
  backward: number;
  step: number;
}

export interface EditTimings {
  /** Text embeddings of the prompts (cached per prompt across runs). */
  textMs: number;
  /** Rasteriser upload, buffers, reference embeddings of the initial render. */
  setupMs: number;
  /** All iterations. */
  loopMs: number;
  /** Download and palette projection. */
  finishMs: number;
  /** Mean per iteration over the loop (wall clock). */
  perIterationMs: number;
  /** Mean stage split per iteration, with timeStages only. */
  stages?: EditStageTimes;
}

export interface EditResult {
  /** The edited scene (a new object). When cancelled: the state after the last finished step. */
  scene: Scene;
  /** Weighted total loss per finished iteration. */
  losses: number[];
  /** Per finished iteration and ROI: the ROI view's directional loss (1 - cos). */
  roiViewLosses: number[][];
  timings: EditTimings;
  /** 0-based iterations whose step was skipped (NaN/Inf gradients or loss). */
  skippedSteps: number[];
  warnings: string[];
  cancelled: boolean;
  /** Iterations finished. */
  iterations: number;
  /** 'webgpu' or 'wasm' (CLIP's provider; the rasteriser is always WebGPU). */
  clipProvider: string;
  /** Everything needed to continue this run with more iterations (EditEngine.continueEditAsync). */
  checkpoint: EditCheckpoint;
}

/**
 * A run's state, plain data: continuing from it runs exactly the iterations the run would
 * have gone on with (same targets, same patch stream, Adam's moments and step count kept).
 */
export interface EditCheckpoint {
  /** The scene the edit started from (the reference render I_src; frozen values restored from it). */
  source: Scene;
  /** The optimised parameters as the GPU holds them (float32 values, before any palette snap). */
  state: Scene;
  /** The first run's options (referenceImage dropped: its direction is in `targets`), iterations excluded. */
  options: Omit<EditOptions, 'referenceImage' | 'iterations' | 'strength'>;
  /** Target direction per ROI (text, image or blended) and the source's unit embedding per ROI. */
  targets: Float32Array[];
  sourceEmbeddings: Float32Array[];
  /** Iterations done so far (the patch sampler continues from here). */
  iterations: number;
  /** paintMoments: the gradient paints' (absent in checkpoints from before gradients: zeros). */
  adam: { step: number; pointMoments: Float32Array; colorMoments: Float32Array; paintMoments?: Float32Array };
}

/** One finished variation of a multi-seed run. */
export interface EditVariation {
  index: number;
  seed: number;
  result: EditResult;
}

/** A CLIP model's files as bytes (the host loads them: loader, local server, test fixtures). */
export interface EditModelFiles {
  /** Registry id or folder name, for reports. */
  id: string;
  vision: Uint8Array;
  text: Uint8Array;
  tokenizerJson: object;
  /** Prebuilt gradient graph (buildClipGradientModel(vision)); built on first use when absent. */
  gradientModel?: Uint8Array;
}

export interface EditEngineOptions {
  /** The engine's WebGPU device (shared with ORT); requested from navigator.gpu when absent. */
  device?: GPUDevice;
  model: EditModelFiles;
  /** Prompt templates with "{}" (the 79 ImageNet templates: data/imagenet-templates.json). */
  templates: readonly string[];
  /**
   * Where CLIP runs: 'webgpu' (default; pixels and gradients stay on the GPU) or 'wasm' (CPU;
   * the crops are read back and the gradient uploaded each iteration). The rasteriser and
   * the augmentation always run on WebGPU. 'wasm' is for software WebGPU (SwiftShader, CI),
   * where ORT's WebGPU kernels are far slower than its WASM ones for a tiny CLIP.
   */
  clipProvider?: 'webgpu' | 'wasm';
}

export interface DirectionalSimilarity {
  /** cos(ΔI, ΔT) per ROI on the un-augmented ROI crops of `edited` vs `source` (1 = exactly the prompt's direction). */
  perRoi: number[];
}

/** What createEditEngineAsync returns. */
export interface EditEngine {
  readonly modelId: string;
  readonly embedDim: number;
  runEditAsync(scene: Scene, options: EditOptions, callbacks?: EditCallbacks): Promise<EditResult>;
  /** `iterations` more iterations from a result's checkpoint (Adam state kept), not from the start. */
  continueEditAsync(checkpoint: EditCheckpoint, iterations: number, callbacks?: EditCallbacks): Promise<EditResult>;
  /**
   * K seeds of one edit, in turn (K up to MAX_VARIATIONS); onVariation gets each as it
   * finishes. Cancel stops the one running and keeps the finished ones.
   */
  runVariationsAsync(
    scene: Scene,
    options: EditOptions,
    seeds: readonly number[],
    callbacks?: EditCallbacks & { onVariation?: (v: EditVariation) => void },
  ): Promise<EditVariation[]>;
  /** Cancels the run in progress (for hosts that cannot pass an AbortSignal, e.g. over comlink). */
  cancelRun(): void;
  /** Draws previews into this canvas on the engine's device (null detaches). */
  setPreviewCanvas(canvas: OffscreenCanvas | HTMLCanvasElement | null): void;
  /** PNG / JPEG bytes to a scene (delegates to src/engine/vectorize). */
  vectorizeImageAsync(bytes: Uint8Array, options?: Partial<VectorizeOptions>): Promise<Scene>;
  /** The directional CLIP similarity of an edit, per ROI (ROI 0 uses `prompt`, others scene.rois' prompts). */
  directionalSimilarityAsync(source: Scene, edited: Scene, prompt: string): Promise<DirectionalSimilarity>;
  releaseAsync(): Promise<void>;
}
