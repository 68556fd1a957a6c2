import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { create, globals } from 'webgpu';

// A WebGPU device in Node (Dawn on SwiftShader): fast kernel tests without a browser.

/**
 * Dawn dlopens "libvulkan.so.1", which Debian's Chromium ships only in its own folder (no
 * system libvulkan1). LD_LIBRARY_PATH is read once at process start, so instead load that
 * file by path with RTLD_NODELETE: the later dlopen by soname finds it already loaded.
 * process.dlopen complains that it is not a Node addon; the library stays loaded anyway.
 */
function preloadChromiumVulkanLoader(): void {
  const path = '/usr/lib/chromium/libvulkan.so.1';
  if (!existsSync(path)) return;
  const c = constants.dlopen as Record<string, number | undefined>;
  try {
    process.dlopen({ exports: {} } as NodeJS.Module, path, (c.RTLD_NOW ?? 2) | (c.RTLD_GLOBAL ?? 0x100) | (c.RTLD_NODELETE ?? 0x1000));
  } catch {
    // "Module did not self-register": expected.
  }
}

let devicePromise: Promise<GPUDevice> | undefined;
// The Dawn instance must outlive its devices: once garbage-collected, the next GPU call
// crashes the process (segfault or "futex facility" abort). Kept for the process's life.
let instance: GPU | undefined;

export function nodeGpuDeviceAsync(): Promise<GPUDevice> {
  devicePromise ??= (async () => {
    process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
    preloadChromiumVulkanLoader();
    Object.assign(globalThis, globals);
    const gpu = (instance = create([]));
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error('no WebGPU adapter in Node (is SwiftShader at VK_ICD_FILENAMES?)');
    const device = await adapter.requestDevice();
    device.addEventListener('uncapturederror', (e) => {
      process.stderr.write(`WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}\n`);
    });
    return device;
  })();
  return devicePromise;
}

/** Fails with the device's validation message instead of silently rendering nothing. */
export async function withGpuErrorsAsync<T>(device: GPUDevice, fn: () => Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  const out = await fn();
  const err = await device.popErrorScope();
  if (err) throw new Error(`WebGPU validation error: ${err.message}`);
  return out;
}
