// The engine side of the CLI's edit page, run in a dedicated worker (edit-page.ts starts it):
// a thin adapter over the plugin's EngineHost (src/engine-host). Model files and templates
// come from the loopback server; previews come back as PNG (base64) encoded here.
import type { ClipProviderRequest } from '../engine/clip/clip-provider-policy.ts';
import type { EditOptions, EditProgress, EditResult } from '../engine/edit/edit-types.ts';
import { EngineHost } from '../engine-host/engine-host.ts';
import type { RgbaImage } from '../image/rgba-image.ts';
import type { Scene } from '../scene/scene.ts';

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
}

export interface EditPageRunOptions {
  frames?: boolean;
  /** Test hook: cancel (engine.cancelRun, the comlink path) once this many iterations are done. */
  cancelAfter?: number;
}

let host: EngineHost | undefined;

async function bytesAsync(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function pngBase64Async(image: RgbaImage): Promise<string> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const c2d = canvas.getContext('2d')!;
  c2d.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
}

async function initAsync(init: EditPageInit) {
  const [vision, text, tokenizer, templates] = await Promise.all([
    bytesAsync(`${init.modelBase}vision_model.onnx`),
    bytesAsync(`${init.modelBase}text_model.onnx`),
    bytesAsync(`${init.modelBase}tokenizer.json`),
    bytesAsync(init.templatesPath),
  ]);
  const dec = new TextDecoder();
  const h = new EngineHost({
    ortWasm: { paths: new URL('ort/', location.href).href },
    templates: JSON.parse(dec.decode(templates)) as string[],
    trackMemory: init.trackMemory ?? false,
    name: 'clipvg edit page',
  });
  const choice = await h.startWithFilesAsync({ id: init.modelId, vision, text, tokenizerJson: JSON.parse(dec.decode(tokenizer)) as object }, init.clipProvider ?? 'auto');
  host = h;
  const engine = await h.engineAsync();
  return { modelId: engine.modelId, embedDim: engine.embedDim, clipProvider: choice.provider, softwareAdapter: choice.softwareAdapter };
}

async function editAsync(scene: Scene, options: EditOptions, run: EditPageRunOptions = {}, report?: (p: EditProgress) => void): Promise<EditPageRun> {
  if (!host) throw new Error('initAsync first');
  const h = host;
  const pending: Promise<{ iteration: number; png: string }>[] = [];
  h.tracker?.resetPeak();
  const result = await h.runEditAsync(scene, options, {
    onProgress: (p) => {
      report?.(p);
      if (run.cancelAfter !== undefined && p.iteration >= run.cancelAfter) h.cancelRun();
    },
    ...(run.frames ? { onPreview: (p: { iteration: number; image: RgbaImage }) => void pending.push(pngBase64Async(p.image).then((png) => ({ iteration: p.iteration, png }))) } : {}),
  });
  return {
    result,
    frames: await Promise.all(pending),
    ...(h.tracker ? { peakGpuBytes: h.tracker.peakBytes, liveGpuBytes: h.tracker.liveBytes } : {}),
  };
}

/**
 * Test hook for the plugin's live preview: runs an edit drawing into an OffscreenCanvas on the
 * engine's device (setPreviewCanvas), then compares the canvas with the final 8-bit preview.
 */
async function previewCanvasCheckAsync(scene: Scene, options: EditOptions) {
  if (!host) throw new Error('initAsync first');
  const engine = await host.engineAsync();
  const canvas = new OffscreenCanvas(scene.width, scene.height);
  engine.setPreviewCanvas(canvas);
  let last: RgbaImage | undefined;
  let previews = 0;
  try {
    await engine.runEditAsync(scene, options, { onPreview: (p) => ((last = p.image), previews++) });
  } finally {
    engine.setPreviewCanvas(null);
  }
  const bitmap = canvas.transferToImageBitmap();
  const c2d = new OffscreenCanvas(scene.width, scene.height).getContext('2d')!;
  c2d.drawImage(bitmap, 0, 0);
  const drawn = c2d.getImageData(0, 0, scene.width, scene.height).data;
  let maxDiff = 0;
  let nonWhite = 0;
  for (let i = 0; i < drawn.length; i += 4) {
    for (let k = 0; k < 3; k++) maxDiff = Math.max(maxDiff, Math.abs(drawn[i + k]! - last!.data[i + k]!));
    if (drawn[i]! + drawn[i + 1]! + drawn[i + 2]! < 3 * 250) nonWhite++;
  }
  return { maxDiff, nonWhite, previews };
}

async function vectorizeAsync(base64: string) {
  if (!host) throw new Error('initAsync first');
  return host.vectorizeImageAsync(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
}

async function similarityAsync(source: Scene, edited: Scene, prompt: string) {
  if (!host) throw new Error('initAsync first');
  return (await host.engineAsync()).directionalSimilarityAsync(source, edited, prompt);
}

/** What the page forwards to (over comlink). */
export const editWorkerApi = { initAsync, editAsync, previewCanvasCheckAsync, vectorizeAsync, similarityAsync };
export type EditWorkerApi = typeof editWorkerApi;
