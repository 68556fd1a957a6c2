// ui.html start-up probe: configures ORT from what the HTML provides (inline gzip+base64 wasm,
// or a pinned URL), then creates a WebGPU session on a model. Records the time from navigation
// start to a ready session, like the plugin's first CLIP use.
import { configureOrtAsync, type OrtWasmSource } from '../../src/engine/clip/clip-ort-config.ts';
import { clipDeviceDescriptor } from '../../src/engine/clip/clip-device-requirements.ts';
import { createClipSessionAsync } from '../../src/engine/clip/clip-session.ts';
import { exposePageApi } from '../../src/cli/page-api.ts';
import { CLIP_STARTUP_PAGE } from './test-page-apis.ts';

export interface ClipStartup {
  provider: string;
  scriptStartMs: number;
  wasmConfiguredMs: number;
  readyMs: number;
}

async function startAsync(): Promise<ClipStartup> {
  const t0 = performance.now();
  // Set by the page's inline script (clip-startup-html.ts).
  const ortWasm: OrtWasmSource = Reflect.get(globalThis, '__ortWasm');
  const modelUrl: string = Reflect.get(globalThis, '__modelUrl');
  // Figma's iframe is not cross-origin isolated: one WASM thread, as there.
  await configureOrtAsync({ wasm: ortWasm, numThreads: 1 });
  const tWasm = performance.now();
  const adapter = await navigator.gpu.requestAdapter();
  const device = await adapter!.requestDevice(clipDeviceDescriptor(adapter!));
  const model = new Uint8Array(await (await fetch(modelUrl)).arrayBuffer());
  const clip = await createClipSessionAsync(model, { device });
  const tReady = performance.now();
  return { provider: clip.provider, scriptStartMs: t0, wasmConfiguredMs: tWasm - t0, readyMs: tReady };
}

// Start at once (the measure is from navigation); Node collects the outcome, or the error.
const started = startAsync();
started.catch(() => {}); // reported to Node through startupAsync
const api = { startupAsync: (): Promise<ClipStartup> => started };
export type ClipStartupPageApi = typeof api;
exposePageApi(CLIP_STARTUP_PAGE, api);
