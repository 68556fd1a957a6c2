import * as Comlink from 'comlink';
import { ENGINE_FRAME_JS } from 'clipvg:engine-frame-js';
import { ENGINE_FRAME_READY, type EngineHostApi } from '../../engine-host/engine-host-api.ts';

// The UI's handle on the engine. Figma loads the UI from a data: URL, which Chromium does not
// treat as a secure context, so the UI itself has no navigator.gpu; a sandboxed srcdoc child
// frame is a secure context again and has it. That child is also the visible preview: it holds
// the <canvas> the engine draws into, so it is placed where the preview goes.

export interface EngineFrame {
  api: Comlink.Remote<Required<EngineHostApi>>;
  element: HTMLIFrameElement;
}

/** The srcdoc of the engine frame: the preview canvas and the engine's ES module, inline. */
export function engineFrameSrcdoc(js: string = ENGINE_FRAME_JS, prelude = ''): string {
  const safe = js.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
  return [
    `<!doctype html><html><head><meta charset="utf-8">${prelude}`,
    '<style>html,body{margin:0;height:100%;overflow:hidden;background:transparent}body{display:flex;align-items:center;justify-content:center}canvas{display:block;background:#fff;box-shadow:0 0 0 1px rgba(0,0,0,.1)}</style>',
    '</head><body><canvas id="preview" width="1" height="1"></canvas>',
    `<script type="module">${safe}</script>`,
    '</body></html>',
  ].join('');
}

/** Creates the engine frame inside `container` and resolves once its comlink endpoint listens. */
export function createEngineFrameAsync(container: HTMLElement, timeoutMs = 30_000): Promise<EngineFrame> {
  return new Promise((resolve, reject) => {
    const element = document.createElement('iframe');
    // allow-scripts only: adding allow-same-origin would give the frame the data: frame's
    // origin, and with it the data: frame's missing secure context (and no WebGPU).
    element.setAttribute('sandbox', 'allow-scripts');
    element.setAttribute('title', 'Preview');
    element.dataset.testid = 'engine-frame';
    // Display only: clicks go to the preview host, which takes focus for Compare's keys.
    element.style.cssText = 'display:block;width:100%;height:100%;border:0;pointer-events:none';
    const timer = setTimeout(() => {
      window.removeEventListener('message', onMessage);
      reject(new Error(`the engine frame did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onMessage = (e: MessageEvent) => {
      if (e.source !== element.contentWindow || !e.data || typeof e.data !== 'object' || !(ENGINE_FRAME_READY in e.data)) return;
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve({ api: Comlink.wrap<Required<EngineHostApi>>(Comlink.windowEndpoint(element.contentWindow!, window)), element });
    };
    window.addEventListener('message', onMessage);
    // Test hook (the harness's ANGLE run): a forced preview path set in this frame is passed on,
    // so the engine frame gets it even where an init script did not reach the srcdoc in time.
    const forced = (globalThis as { __clipvgPreviewPath?: string }).__clipvgPreviewPath;
    const hook = forced === 'webgpu' || forced === '2d' ? `<script>globalThis.__clipvgPreviewPath=${JSON.stringify(forced)}</script>` : '';
    element.srcdoc = engineFrameSrcdoc(ENGINE_FRAME_JS, hook);
    container.appendChild(element);
  });
}
