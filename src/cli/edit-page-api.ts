// The edit page's API (src/cli/edit-page.ts runs it in the browser): what Node may call with
// callPageAsync(page, EDIT_PAGE, ...). No side effects here, so Node can import it.
import type { ClipProviderRequest } from '../engine/clip/clip-provider-policy.ts';
import type { DirectionalSimilarity, EditCheckpoint, EditOptions, EditResult, EditVariation } from '../engine/edit/edit-types.ts';
import type { Scene } from '../scene/scene.ts';
import { pageApiName } from './page-api.ts';

export interface EditPageInit {
  /** URL folder (ending in '/') holding vision_model.onnx, text_model.onnx, tokenizer.json. */
  modelBase: string;
  modelId: string;
  templatesPath: string;
  /** Wrap the device to measure peak GPU memory (benchmark). */
  trackMemory?: boolean;
  /** Where CLIP runs; 'auto' (default): chooseClipProvider's policy. */
  clipProvider?: ClipProviderRequest;
}

export interface EditPageRun {
  result: EditResult;
  /** PNG base64 per preview, when frames were asked for. */
  frames: { iteration: number; png: string }[];
  peakGpuBytes?: number;
  /** GPU buffers held after setup (model sessions included), where tracked. */
  liveGpuBytes?: number;
  /** Whether the engine left the scene it was handed exactly as it was (Object.is on every leaf). */
  inputUnchanged: boolean;
}

export interface EditPageRunOptions {
  frames?: boolean;
  /** Cancel (engine.cancelRun, the path the plugin's Cancel takes) once this many iterations are done. */
  cancelAfter?: number;
}

export interface EditPageApi {
  initAsync(init: EditPageInit): Promise<{ modelId: string; embedDim: number; clipProvider: 'webgpu' | 'wasm'; softwareAdapter: boolean }>;
  editAsync(scene: Scene, options: EditOptions, run?: EditPageRunOptions): Promise<EditPageRun>;
  /** `iterations` more from a result's checkpoint (the engine's continueEditAsync). */
  continueAsync(checkpoint: EditCheckpoint, iterations: number): Promise<EditResult>;
  /** K seeds of one edit (the engine's runVariationsAsync). */
  variationsAsync(scene: Scene, options: EditOptions, seeds: number[]): Promise<EditVariation[]>;
  /** An image file (base64) vectorised by the engine. */
  vectorizeAsync(base64: string): Promise<Scene>;
  similarityAsync(source: Scene, edited: Scene, prompt: string): Promise<DirectionalSimilarity>;
}

export const EDIT_PAGE = pageApiName<EditPageApi>('clipvgEditPage');
