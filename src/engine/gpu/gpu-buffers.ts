// Small WebGPU buffer helpers shared by engine kernels (host-agnostic: no DOM, no Node).

// The spec's numeric flags: module code must not touch GPUBufferUsage before a host has
// installed WebGPU globals (Node's webgpu package does so at runtime).
export const USAGE = { MAP_READ: 0x1, COPY_SRC: 0x4, COPY_DST: 0x8, UNIFORM: 0x40, STORAGE: 0x80 } as const;
export const STORAGE_RW = USAGE.STORAGE | USAGE.COPY_SRC | USAGE.COPY_DST;

/** A storage buffer holding `data` (at least 16 bytes: zero-size bindings are invalid). */
export function createBufferWith(device: GPUDevice, data: ArrayBufferView, usage: number = STORAGE_RW, label?: string): GPUBuffer {
  const size = Math.max(16, Math.ceil(data.byteLength / 4) * 4);
  const buffer = device.createBuffer({ size, usage, mappedAtCreation: true, label });
  new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  buffer.unmap();
  return buffer;
}

export function createZeroBuffer(device: GPUDevice, byteLength: number, usage: number = STORAGE_RW, label?: string): GPUBuffer {
  return device.createBuffer({ size: Math.max(16, Math.ceil(byteLength / 4) * 4), usage, label });
}

/** Copies `byteLength` bytes of a buffer (COPY_SRC) back to the CPU. */
export async function readBufferAsync(device: GPUDevice, buffer: GPUBuffer, byteLength: number, offset = 0): Promise<ArrayBuffer> {
  const [copy] = await readBuffersAsync(device, [{ buffer, byteLength, offset }]);
  return copy!;
}

/** Several buffers' ranges read back through one staging buffer and one map (one GPU round trip, not one per buffer). */
export async function readBuffersAsync(
  device: GPUDevice,
  parts: readonly { buffer: GPUBuffer; byteLength: number; offset?: number }[],
): Promise<ArrayBuffer[]> {
  const sizes = parts.map((p) => Math.max(4, Math.ceil(p.byteLength / 4) * 4));
  const starts = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  const staging = device.createBuffer({ size: sizes.reduce((a, b) => a + b, 0), usage: USAGE.MAP_READ | USAGE.COPY_DST });
  const enc = device.createCommandEncoder();
  parts.forEach((p, i) => enc.copyBufferToBuffer(p.buffer, p.offset ?? 0, staging, starts[i]!, sizes[i]!));
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(1 /* GPUMapMode.READ */);
  const range = staging.getMappedRange();
  const copies = parts.map((p, i) => range.slice(starts[i]!, starts[i]! + p.byteLength));
  staging.unmap();
  staging.destroy();
  return copies;
}

/** Workgroup counts (x, y) covering `invocations` at 256 per group; kernels index gid.x + gid.y * nx * 256. */
export function dispatchSize(invocations: number): [number, number] {
  const groups = Math.max(1, Math.ceil(invocations / 256));
  if (groups <= 65535) return [groups, 1];
  return [65535, Math.ceil(groups / 65535)];
}
