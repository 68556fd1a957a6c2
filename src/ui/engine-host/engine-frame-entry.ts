import * as Comlink from 'comlink';
import { PROMPT_TEMPLATES } from 'clipvg:prompt-templates';
import { ORT_WASM_CDN_URL, ORT_WASM_SHA256 } from '../../engine/clip/clip-ort-config.ts';
import { ENGINE_FRAME_READY } from '../../engine-host/engine-host-api.ts';
import { engineHostApi, logged } from '../../engine-host/engine-host-endpoint.ts';
import { EngineHost } from '../../engine-host/engine-host.ts';
import { PreviewSurface, type PreviewPath } from '../../engine-host/preview-surface.ts';

// The engine frame (data: mode): a sandboxed srcdoc iframe, origin null, a secure context.
// The engine runs on this frame's main thread: a worker started from here (blob: URL) is not a
// secure context in Chromium and has no navigator.gpu, and a module worker does not load from
// an opaque origin at all (both checked in headless Chromium). The preview canvas is this
// frame's own <canvas>, so no canvas crosses frames. Everything else is the EngineHost's.

const canvas = document.getElementById('preview') as HTMLCanvasElement;
const surface = new PreviewSurface({
  visible: canvas,
  box: () => ({ width: innerWidth, height: innerHeight, devicePixelRatio }),
  onFitted: (f) => {
    canvas.style.width = `${f.cssWidth}px`;
    canvas.style.height = `${f.cssHeight}px`;
  },
  onDrawn: (s) => {
    canvas.dataset.previewCount = String(s.count);
    canvas.dataset.previewIteration = String(s.iteration);
    if (surface.path) canvas.dataset.previewPath = surface.path;
  },
});
const forced = (globalThis as { __clipvgPreviewPath?: PreviewPath }).__clipvgPreviewPath;
const host = new EngineHost({
  // ORT's wasm (26 MB) cannot ride in ui.html (Figma's data: URL frame is capped near 2 MB):
  // it comes once from the pinned jsDelivr URL and is refused unless its SHA-256 matches.
  ortWasm: { url: ORT_WASM_CDN_URL, sha256: ORT_WASM_SHA256 },
  numThreads: 1,
  templates: PROMPT_TEMPLATES,
  surface,
  ...(forced ? { forcedPreviewPath: forced } : {}),
  name: 'engine frame',
});
const api = engineHostApi(host);
const probe = api.probeAsync;
// The harness reads which preview path was taken from the canvas.
api.probeAsync = async () => {
  const p = await probe();
  if (surface.path) canvas.dataset.previewPath = surface.path;
  return p;
};

Comlink.expose(logged(api, 'engine frame'), Comlink.windowEndpoint(parent, self));
parent.postMessage({ [ENGINE_FRAME_READY]: true }, '*');
