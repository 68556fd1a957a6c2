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

export interface EditOptions {
  /** Prompt of ROI 0, the whole canvas. More ROIs and their prompts come from scene.rois. */
  prompt: string;
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
