// The engine side of the CLI's edit page, run in a dedicated worker (edit-page.ts starts it):
// a thin adapter over the plugin's EngineHost (src/engine-host). Model files and templates
// come from the loopback server; previews come back as PNG (base64) encoded here.
import type { EditCheckpoint, EditOptions, EditProgress } from '../engine/edit/edit-types.ts';
import { base64ToBytes, bytesToBase64 } from '../engine/gpu/base64-floats.ts';
import type { EditPageInit, EditPageRun, EditPageRunOptions } from './edit-page-api.ts';
import { sameValue } from './same-value.ts';
import { EngineHost } from '../engine-host/engine-host.ts';
import type { RgbaImage } from '../image/rgba-image.ts';
import type { Scene } from '../scene/scene.ts';

let host: EngineHost | undefined;

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
  const choice = await h.startWithFilesAsync(
    { id: init.modelId, vision, text, tokenizerJson: JSON.parse(dec.decode(tokenizer)) as object },
    init.clipProvider ?? 'auto',
  );
  host = h;
  const engine = await h.engineAsync();
  return { modelId: engine.modelId, embedDim: engine.embedDim, clipProvider: choice.provider, softwareAdapter: choice.softwareAdapter };
}

async function editAsync(scene: Scene, options: EditOptions, run: EditPageRunOptions = {}, report?: (p: EditProgress) => void): Promise<EditPageRun> {
  if (!host) throw new Error('initAsync first');
  const h = host;
  const pending: Promise<{ iteration: number; png: string }>[] = [];
  h.tracker?.resetPeak();
  const copy = structuredClone(scene);
  const result = await h.runEditAsync(scene, options, {
    onProgress: (p) => {
      report?.(p);
      if (run.cancelAfter !== undefined && p.iteration >= run.cancelAfter) h.cancelRun();
    },
    ...(run.frames
      ? {
          onPreview: (p: { iteration: number; image: RgbaImage }) =>
            void pending.push(pngBase64Async(p.image).then((png) => ({ iteration: p.iteration, png }))),
        }
      : {}),
  });
  return {
    result,
    frames: await Promise.all(pending),
    inputUnchanged: sameValue(scene, copy),
    ...(h.tracker ? { peakGpuBytes: h.tracker.peakBytes, liveGpuBytes: h.tracker.liveBytes } : {}),
  };
}

async function continueAsync(checkpoint: EditCheckpoint, iterations: number) {
  if (!host) throw new Error('initAsync first');
  return host.continueEditAsync(checkpoint, iterations);
}

async function variationsAsync(scene: Scene, options: EditOptions, seeds: number[]) {
  if (!host) throw new Error('initAsync first');
  return host.runVariationsAsync(scene, options, seeds);
}

async function vectorizeAsync(base64: string) {
  if (!host) throw new Error('initAsync first');
  return host.vectorizeImageAsync(base64ToBytes(base64));
}

async function similarityAsync(source: Scene, edited: Scene, prompt: string) {
  if (!host) throw new Error('initAsync first');
  return (await host.engineAsync()).directionalSimilarityAsync(source, edited, prompt);
}

/** What the page forwards to (over comlink). */
export const editWorkerApi = { initAsync, editAsync, continueAsync, variationsAsync, vectorizeAsync, similarityAsync };
export type EditWorkerApi = typeof editWorkerApi;
