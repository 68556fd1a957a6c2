// ui.html start-up probe: configures ORT from what the HTML provides (inline gzip+base64 wasm,
// or a pinned URL), then creates a WebGPU session on a model. Records the time from navigation
// start to a ready session, like the plugin's first CLIP use.
import { configureOrtAsync, type OrtWasmSource } from '../../src/engine/clip/clip-ort-config.ts';
import { clipDeviceDescriptor } from '../../src/engine/clip/clip-device-requirements.ts';
import { createClipSessionAsync } from '../../src/engine/clip/clip-session.ts';

const g = globalThis as unknown as { __ortWasm: OrtWasmSource; __modelUrl: string; __engineReady?: boolean; __engineError?: string; __startup?: Record<string, number | string> };

async function startAsync(): Promise<void> {
  const t0 = performance.now();
  // Figma's iframe is not cross-origin isolated: one WASM thread, as there.
  await configureOrtAsync({ wasm: g.__ortWasm, numThreads: 1 });
  const tWasm = performance.now();
  const adapter = await navigator.gpu.requestAdapter();
  const device = await adapter!.requestDevice(clipDeviceDescriptor(adapter!));
  const model = new Uint8Array(await (await fetch(g.__modelUrl)).arrayBuffer());
  const clip = await createClipSessionAsync(model, { device });
  const tReady = performance.now();
  g.__startup = { provider: clip.provider, scriptStartMs: t0, wasmConfiguredMs: tWasm - t0, readyMs: tReady };
  g.__engineReady = true;
}

startAsync().catch((err: unknown) => {
  g.__engineError = String((err as Error).stack ?? err);
});
