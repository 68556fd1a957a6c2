import type { ClipProvider } from './clip-session.ts';

// Where CLIP runs, decided once for every host (CLI page, plugin engine frame, tests). The
// rasteriser and the augmentation always run on WebGPU; only ORT's provider is chosen here.
// On a software adapter (SwiftShader, llvmpipe, WARP) ORT's WebGPU kernels are far slower
// than its WASM ones for a small CLIP, so 'auto' keeps CLIP on WASM there.

export type ClipProviderRequest = ClipProvider | 'auto';

/** The fields of GPUAdapterInfo the policy reads (all optional: browsers blank some). */
export interface AdapterIdentity {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** Chromium 131+: true for a fallback (software) adapter. */
  isFallbackAdapter?: boolean;
}

export interface ClipProviderChoice {
  provider: ClipProvider;
  softwareAdapter: boolean;
  /** Why, in a sentence a user can read. */
  reason: string;
}

const SOFTWARE = /swiftshader|software|llvmpipe|lavapipe|microsoft basic render|warp/i;

export function isSoftwareAdapter(info: AdapterIdentity | undefined): boolean {
  if (!info) return false;
  if (info.isFallbackAdapter) return true;
  return SOFTWARE.test([info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' '));
}

/** The adapter's identity, wherever this browser keeps it (adapter.info; older: none). */
export function adapterIdentity(adapter: GPUAdapter): AdapterIdentity | undefined {
  return (adapter as GPUAdapter & { info?: AdapterIdentity }).info;
}

export function chooseClipProvider(info: AdapterIdentity | undefined, requested: ClipProviderRequest = 'auto'): ClipProviderChoice {
  const softwareAdapter = isSoftwareAdapter(info);
  if (requested !== 'auto')
    return { provider: requested, softwareAdapter, reason: `CLIP runs on ${requested === 'wasm' ? 'WASM (CPU)' : 'WebGPU'} as requested.` };
  return softwareAdapter
    ? { provider: 'wasm', softwareAdapter, reason: 'Software WebGPU (no GPU found): CLIP runs on WASM (CPU), the rasteriser on WebGPU.' }
    : { provider: 'webgpu', softwareAdapter, reason: 'CLIP runs on WebGPU.' };
}
