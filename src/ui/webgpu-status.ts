// What this machine's WebGPU can do, or exactly why it is unavailable. Figma loads the UI in
// an iframe from a data: URL; Chromium does not treat such a frame as a secure context, and
// navigator.gpu exists only in secure contexts. A sandboxed srcdoc iframe created inside it
// is a secure context again (verified in headless Chromium), so we also probe there: that is
// where an engine could run. The status says which case we are in, so a user (and our tests)
// can tell "no GPU" from "the host hid the API".

import type { WebGpuProbe } from '../engine-host/engine-host-api.ts';

export type { WebGpuProbe };

export interface WebGpuStatus {
  /** This frame (the plugin UI). */
  here: WebGpuProbe;
  /** A sandboxed srcdoc child frame; null when not probed (WebGPU already works here). */
  nested: WebGpuProbe | null;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

/** Probes the WebGPU of the given global scope. Self-contained: it is also serialised into the nested probe frame. */
export async function probeWebGpuAsync(scope: { navigator: Navigator; isSecureContext: boolean } = globalThis as never): Promise<WebGpuProbe> {
  const gpu = (scope.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) {
    if (!scope.isSecureContext) {
      return {
        available: false,
        reason: 'not a secure context (a frame loaded from a data: URL is not one, and browsers expose WebGPU only to secure contexts)',
      };
    }
    return { available: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    return { available: false, reason: `requestAdapter failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!adapter) return { available: false, reason: 'no WebGPU adapter (the GPU is blocklisted or WebGPU is disabled in this browser)' };
  const info = (adapter as GPUAdapter & { info?: AdapterInfoLike }).info;
  const parts = info ? [info.vendor, info.architecture, info.device, info.description].filter((s): s is string => !!s && s.trim() !== '') : [];
  return {
    available: true,
    adapter: parts.length ? [...new Set(parts)].join(' · ') : 'unnamed adapter',
    features: adapter.features.size,
    maxBufferSize: adapter.limits.maxBufferSize,
  };
}

const PROBE_TAG = 'clipvgWebGpuProbe';

function isProbe(v: unknown): v is WebGpuProbe {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  if (p.available === true) return typeof p.adapter === 'string' && typeof p.features === 'number' && typeof p.maxBufferSize === 'number';
  return p.available === false && typeof p.reason === 'string';
}

/** Runs the probe in a sandboxed srcdoc child frame (origin null, no same-origin access) and removes the frame. */
export function probeWebGpuInNestedFrameAsync(doc: Document = document, timeoutMs = 10_000): Promise<WebGpuProbe> {
  return new Promise((resolve) => {
    const frame = doc.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('aria-hidden', 'true');
    frame.style.display = 'none';
    const done = (p: WebGpuProbe) => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      frame.remove();
      resolve(p);
    };
    const onMessage = (e: MessageEvent) => {
      if (e.source !== frame.contentWindow) return;
      const data = e.data as Record<string, unknown> | null;
      const probe = data && typeof data === 'object' ? data[PROBE_TAG] : undefined;
      done(isProbe(probe) ? probe : { available: false, reason: 'the probe frame answered with something unexpected' });
    };
    const timer = setTimeout(() => done({ available: false, reason: `the probe frame did not answer within ${timeoutMs} ms` }), timeoutMs);
    window.addEventListener('message', onMessage);
    const script = `(${probeWebGpuAsync.toString()})(self).then(function (p) { parent.postMessage({ ${PROBE_TAG}: p }, '*'); });`;
    frame.srcdoc = `<!doctype html><meta charset="utf-8"><script>${script.replace(/<\/script/gi, '<\\/script')}</script>`;
    doc.body.appendChild(frame);
  });
}

/** This frame's WebGPU, and where it is missing, a nested sandboxed frame's. */
export async function webGpuStatusAsync(): Promise<WebGpuStatus> {
  const here = await probeWebGpuAsync();
  return { here, nested: here.available ? null : await probeWebGpuInNestedFrameAsync() };
}
