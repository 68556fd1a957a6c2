// Browser page entry for `clipvg edit`, the edit tests and the edit benchmark: the very engine
// object the plugin's worker holds (createEditEngineAsync), driven from Node with
// callPageAsync(page, EDIT_PAGE, ...) (its API: edit-page-api.ts). Model files and templates
// come from the loopback server; previews come back as PNG (base64) encoded by the browser.
// Progress goes to window.__editProgress when Node exposed it.
import { configureOrtAsync } from '../engine/clip/clip-ort-config.ts';
import { clipDeviceDescriptor } from '../engine/clip/clip-device-requirements.ts';
import { adapterIdentity, chooseClipProvider } from '../engine/clip/clip-provider-policy.ts';
import { trackGpuMemory, type GpuMemoryTracker } from '../engine/clip/clip-gpu-memory-tracker.ts';
import { createEditEngineAsync } from '../engine/edit/edit-engine.ts';
import type { EditEngine, EditProgress } from '../engine/edit/edit-types.ts';
import type { RgbaImage } from '../image/rgba-image.ts';
import { base64ToBytes, bytesToBase64 } from '../engine/gpu/base64-floats.ts';
import { exposePageApi } from './page-api.ts';
import { EDIT_PAGE } from './edit-page-api.ts';

let engine: EditEngine | undefined;

/** The page's engine, for a test page that drives it beyond EditPageApi. */
export function editPageEngine(): EditEngine {
  if (!engine) throw new Error('initAsync first');
  return engine;
}
let tracker: GpuMemoryTracker | undefined;

async function bytesAsync(url: string): Promise<Uint8Array> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

async function pngBase64Async(image: RgbaImage): Promise<string> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const c2d = canvas.getContext('2d')!;
  c2d.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
}

exposePageApi(EDIT_PAGE, {
  async initAsync(init) {
    await configureOrtAsync({ wasm: { paths: new URL('ort/', location.href).href } });
    const adapter = await navigator.gpu?.requestAdapter();
    if (!adapter) throw new Error('no WebGPU adapter in this browser');
    const device = await adapter.requestDevice(clipDeviceDescriptor(adapter));
    const { provider: clipProvider, softwareAdapter: software } = chooseClipProvider(adapterIdentity(adapter), init.clipProvider ?? 'auto');
    if (init.trackMemory) tracker = trackGpuMemory(device);
    const [vision, text, tokenizer, templates] = await Promise.all([
      bytesAsync(`${init.modelBase}vision_model.onnx`),
      bytesAsync(`${init.modelBase}text_model.onnx`),
      bytesAsync(`${init.modelBase}tokenizer.json`),
      bytesAsync(init.templatesPath),
    ]);
    const dec = new TextDecoder();
    engine = await createEditEngineAsync({
      device,
      model: { id: init.modelId, vision, text, tokenizerJson: JSON.parse(dec.decode(tokenizer)) as object },
      templates: JSON.parse(dec.decode(templates)) as string[],
      clipProvider,
    });
    return { modelId: engine.modelId, embedDim: engine.embedDim, clipProvider, softwareAdapter: software };
  },

  async editAsync(scene, options, run = {}) {
    const e = editPageEngine();
    const pending: Promise<{ iteration: number; png: string }>[] = [];
    const report: ((p: EditProgress) => void) | undefined = Reflect.get(globalThis, '__editProgress');
    tracker?.resetPeak();
    const result = await e.runEditAsync(scene, options, {
      onProgress: (p) => report?.(p),
      ...(run.frames ? { onPreview: (p: { iteration: number; image: RgbaImage }) => void pending.push(pngBase64Async(p.image).then((png) => ({ iteration: p.iteration, png }))) } : {}),
    });
    return {
      result,
      frames: await Promise.all(pending),
      ...(tracker ? { peakGpuBytes: tracker.peakBytes, liveGpuBytes: tracker.liveBytes } : {}),
    };
  },

  async vectorizeAsync(base64) {
    return editPageEngine().vectorizeImageAsync(base64ToBytes(base64));
  },

  async similarityAsync(source, edited, prompt) {
    return editPageEngine().directionalSimilarityAsync(source, edited, prompt);
  },
});
