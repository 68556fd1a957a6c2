import type { EditCheckpoint, EditOptions, EditProgress, EditResult, EditVariation } from '../engine/edit/edit-types.ts';
import type { RgbaImage } from '../image/rgba-image.ts';
import type { ClipProvider } from '../engine/clip/clip-session.ts';
import type { ClipProviderRequest } from '../engine/clip/clip-provider-policy.ts';
import type { Scene } from '../scene/scene.ts';

// What an engine host (the plugin's dedicated engine worker, or its nested engine frame where
// a worker cannot have WebGPU) exposes to the UI over comlink. Plain data only, plus
// comlink-proxied callbacks. Both hosts implement it with one EngineHost (engine-host.ts).

export type WebGpuProbe = { available: true; adapter: string; features: number; maxBufferSize: number } | { available: false; reason: string };

export interface ShippedModelFiles {
  /** base64, as the sandbox bundle carries them. */
  vision: string;
  text: string;
  tokenizer: string;
}

export interface EngineStartRequest {
  /** A registry id (models/model-registry.ts). */
  modelId: string;
  /** The shipped model's files (data: mode: the sandbox bundle carries them). */
  shipped?: ShippedModelFiles;
  /** Where the shipped model's files are served (hosted mode: the web build's folder). */
  shippedBaseUrl?: string;
  /** Where CLIP runs; 'auto' (default): chooseClipProvider's policy (WASM on software WebGPU). */
  clipProvider?: ClipProviderRequest;
  /** Files the user loaded from disk, by role; checked by SHA-256 like a download. */
  localFiles?: Partial<Record<'vision' | 'text' | 'tokenizer', { name: string; bytes: Uint8Array }>>;
}

/** A variations run's progress: the iteration progress of variation `variation` (0-based) of `variations`. */
export interface VariationProgress extends EditProgress {
  variation: number;
  variations: number;
}

/** A finished variation and its final render (canvas size, over white) for the thumbnail strip. */
export interface VariationDone extends EditVariation {
  thumbnail?: RgbaImage;
}

/** Progress across an icon set: item `item` (0-based) of `items`, and its iteration progress. */
export interface SetProgress extends EditProgress {
  item: number;
  items: number;
  /** 0..1 across the whole set. */
  fraction: number;
}

/** One finished edit of an icon set (a cancelled item is not finished and not reported). */
export interface SetItemDone {
  item: number;
  result: EditResult;
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
  /** Where model files are kept: 'cache-api', 'indexeddb', 'memory' (this session only) or 'shipped'. */
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

export interface ModelCacheInfo {
  /** 'cache-api', 'indexeddb' or 'memory'. */
  kind: string;
  /** Whether the files outlive this window (false for the memory store). */
  persistent: boolean;
  files: number;
  bytes: number;
}

export interface EngineHostApi {
  probeAsync(): Promise<WebGpuProbe>;
  startAsync(request: EngineStartRequest, onModelProgress?: (p: ModelProgressEvent) => void): Promise<EngineStatusInfo>;
  /** Draws a scene (e.g. the selection, or vectorised images) into the preview canvas. */
  showSceneAsync(scene: Scene): Promise<void>;
  runEditAsync(scene: Scene, options: EditOptions, onProgress: (p: EditProgress) => void, onPreview: (p: PreviewState) => void): Promise<EditResult>;
  // Optional for hosts that only edit (tests' stubs); both UI hosts (engine frame and engine
  // worker) and engineHostApi have them all.
  /** "Continue": `iterations` more from a result's checkpoint, Adam state kept. */
  continueEditAsync?(
    checkpoint: EditCheckpoint,
    iterations: number,
    onProgress: (p: EditProgress) => void,
    onPreview: (p: PreviewState) => void,
  ): Promise<EditResult>;
  /** K seeds (1..MAX_VARIATIONS) of one edit in turn; each one, with its thumbnail, as it finishes and again in the reply. */
  runVariationsAsync?(
    scene: Scene,
    options: EditOptions,
    seeds: number[],
    onProgress: (p: VariationProgress) => void,
    onVariation: (v: VariationDone) => void,
  ): Promise<VariationDone[]>;
  /** An icon set: one edit per scene in turn (cancel keeps the finished ones). */
  runSetAsync?(scenes: Scene[], options: EditOptions, onProgress: (p: SetProgress) => void, onItem: (item: SetItemDone) => void): Promise<SetItemDone[]>;
  cancelRun(): void;
  vectorizeImageAsync(png: Uint8Array): Promise<Scene>;
  /** What the model store holds (downloaded models). */
  cacheInfoAsync(): Promise<ModelCacheInfo>;
  /** Deletes every downloaded model file; the model in use stays loaded. */
  clearCacheAsync(): Promise<ModelCacheInfo>;
  /** The loaded model's verified files as stored (from the cache), for "Save a copy". */
  modelFilesAsync(): Promise<{ name: string; bytes: Uint8Array }[]>;
}

/** The engine frame posts this to its parent once its comlink endpoint listens. */
export const ENGINE_FRAME_READY = 'clipvgEngineFrameReady';
/** The engine worker posts this once its comlink endpoint listens. */
export const ENGINE_WORKER_READY = 'clipvgEngineWorkerReady';
