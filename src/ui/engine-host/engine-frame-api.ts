import type { EditOptions, EditProgress, EditResult } from '../../engine/edit/edit-types.ts';
import type { ClipProvider } from '../../engine/clip/clip-session.ts';
import type { ClipProviderRequest } from '../../engine/clip/clip-provider-policy.ts';
import type { Scene } from '../../scene/scene.ts';
import type { WebGpuProbe } from '../webgpu-status.ts';

// What the engine frame (a sandboxed srcdoc iframe inside the plugin UI, the one place under
// Figma's data: URL frame where WebGPU exists) exposes to the UI over comlink. Plain data only,
// plus comlink-proxied callbacks.

export interface ShippedModelFiles {
  /** base64, as the sandbox bundle carries them. */
  vision: string;
  text: string;
  tokenizer: string;
}

export interface EngineStartRequest {
  /** A registry id (models/model-registry.ts). */
  modelId: string;
  /** The shipped model's files, required for the local (offline) entry. */
  shipped?: ShippedModelFiles;
  /** Where CLIP runs; 'auto' (default): chooseClipProvider's policy (WASM on software WebGPU). */
  clipProvider?: ClipProviderRequest;
  /** Files the user loaded from disk, by role; checked by SHA-256 like a download. */
  localFiles?: Partial<Record<'vision' | 'text' | 'tokenizer', { name: string; bytes: Uint8Array }>>;
}

/** One file of the loaded model as stored (before the float32 conversion). */
export interface LoadedModelFile {
  role: string;
  /** URL it was pinned to, or the local file's name. */
  source: string;
  bytes: number;
  from: 'network' | 'cache' | 'disk' | 'shipped';
  /** How the weights were stored: fp32, fp16, int8 (converted to float32 on load). */
  stored?: string;
}

export interface ModelProgressEvent {
  file: string;
  received: number;
  total: number | null;
  fromCache: boolean;
}

export interface EngineStatusInfo {
  modelId: string;
  modelName: string;
  /** true for the shipped tiny model: it only knows simple shapes and colours. */
  offlineModel: boolean;
  /** Where downloaded models are kept: 'cache-api', 'indexeddb' or 'memory' (this session only). */
  cacheKind: string;
  /** true when every model file came from the cache (or shipped bytes), nothing was downloaded. */
  fromCache: boolean;
  /** Prompt templates the text side averages over (79 = CLIP's ImageNet set; 1 = bare prompt). */
  templateCount: number;
  /** Where CLIP runs (the rasteriser always runs on WebGPU). */
  clipProvider: ClipProvider;
  notices: string[];
  startMs: number;
  /** Registry variant and its files (sizes as stored). */
  variant?: string;
  files?: LoadedModelFile[];
}

export interface PreviewState {
  /** Previews drawn into the canvas so far (static scene previews and run previews). */
  count: number;
  /** Iteration of the last run preview; -1 for a static preview. */
  iteration: number;
}

export interface EngineFrameApi {
  probeAsync(): Promise<WebGpuProbe>;
  startAsync(request: EngineStartRequest, onModelProgress?: (p: ModelProgressEvent) => void): Promise<EngineStatusInfo>;
  /** Draws a scene (e.g. the selection, or vectorised images) into the preview canvas. */
  showSceneAsync(scene: Scene): Promise<void>;
  runEditAsync(scene: Scene, options: EditOptions, onProgress: (p: EditProgress) => void, onPreview: (p: PreviewState) => void): Promise<EditResult>;
  cancelRun(): void;
  vectorizeImageAsync(png: Uint8Array): Promise<Scene>;
  /** The loaded model's verified files as stored (from the cache), for "Save a copy". */
  modelFilesAsync(): Promise<{ name: string; bytes: Uint8Array }[]>;
}

/** The frame posts this to its parent once its comlink endpoint listens. */
export const ENGINE_FRAME_READY = 'clipvgEngineFrameReady';
