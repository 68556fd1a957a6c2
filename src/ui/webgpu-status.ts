// What this machine's WebGPU can do, or exactly why it is unavailable. Figma loads the UI in
// an iframe from a data: URL; Chromium does not treat such a frame as a secure context, and
// navigator.gpu exists only in secure contexts. The status says which case we are in, so a
// user (and our tests) can tell "no GPU" from "the host hid the API".

export type WebGpuStatus =
  | { available: true; adapter: string; features: number; maxBufferSize: number }
  | { available: false; reason: string };

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

export function describeAdapterInfo(info: AdapterInfoLike | undefined): string {
  if (!info) return 'unknown adapter';
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((s): s is string => !!s && s.trim() !== '');
  return parts.length ? [...new Set(parts)].join(' · ') : 'unnamed adapter';
}

export async function probeWebGpuAsync(scope: { navigator: Navigator; isSecureContext: boolean } = globalThis as never): Promise<WebGpuStatus> {
  const gpu = (scope.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) {
    if (!scope.isSecureContext) {
      return { available: false, reason: 'not a secure context: this frame was loaded from a data: URL or other insecure origin, and browsers expose WebGPU only to secure contexts' };
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
  return {
    available: true,
    adapter: describeAdapterInfo((adapter as GPUAdapter & { info?: AdapterInfoLike }).info),
    features: adapter.features.size,
    maxBufferSize: adapter.limits.maxBufferSize,
  };
}
