import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { create, globals } from 'webgpu';
import { readBufferAsync as readBufferBytesAsync } from '../../src/engine/gpu/gpu-buffers.ts';

const CHROMIUM_VULKAN = '/usr/lib/chromium/libvulkan.so.1';
const RTLD_NODELETE = 0x1000; // glibc; node's os.constants.dlopen does not list it

// Dawn dlopens "libvulkan.so.1"; Debian's Chromium ships one beside its SwiftShader driver
// but the system may have none (libvulkan1 not installed) and LD_LIBRARY_PATH cannot be set
// from inside the process. Loading Chromium's copy first, never unloaded, makes Dawn's
// dlopen find it by soname. process.dlopen throws (no Node addon in it) after loading it.
function preloadChromiumVulkan(): void {
  if (!existsSync(CHROMIUM_VULKAN)) return;
  try {
    process.dlopen({ exports: {} }, CHROMIUM_VULKAN, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL | RTLD_NODELETE);
  } catch {
    // expected: "Module did not self-register"; the library stays loaded
  }
}

// Dawn's instance must outlive its devices: if it is garbage-collected the process aborts
// ("futex facility returned an unexpected error code"), so it is held here for good.
const liveInstances: GPU[] = [];

// The one Dawn/Vulkan set-up for Node tests and benchmarks: a WebGPU device in Node, Dawn on
// SwiftShader here and in CI, or a real GPU when present.
export async function createNodeDeviceAsync(): Promise<GPUDevice> {
  process.env.VK_ICD_FILENAMES ??= '/usr/lib/chromium/vk_swiftshader_icd.json';
  preloadChromiumVulkan();
  Object.assign(globalThis, globals);
  const gpu = create([]);
  liveInstances.push(gpu);
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter (is SwiftShader installed?)');
  const device = await adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
  });
  device.addEventListener('uncapturederror', (e) => {
    process.stderr.write(`WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}\n`);
  });
  return device;
}

/** Fails with the device's validation message instead of silently computing nothing. */
export async function withGpuErrorsAsync<T>(device: GPUDevice, fn: () => Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  const out = await fn();
  const err = await device.popErrorScope();
  if (err) throw new Error(`WebGPU validation error: ${err.message}`);
  return out;
}

/** `bytes` (a multiple of 4) of a buffer back as floats. */
export async function readBufferAsync(device: GPUDevice, buffer: GPUBuffer, bytes: number): Promise<Float32Array<ArrayBuffer>> {
  return new Float32Array(await readBufferBytesAsync(device, buffer, bytes));
}

export function uploadBuffer(device: GPUDevice, data: Float32Array<ArrayBuffer>, usage: number = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST): GPUBuffer {
  const buffer = device.createBuffer({ size: data.byteLength, usage });
  device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}
