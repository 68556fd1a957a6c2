// ORT's WebGPU EP allocates every buffer through the GPUDevice we hand it, so wrapping that
// device's createBuffer (and each buffer's destroy) measures what CLIP really holds: weights,
// activations kept for the backward pass, gradients and ORT's buffer cache.

export interface GpuMemoryTracker {
  readonly liveBytes: number;
  readonly peakBytes: number;
  /** Restart the peak at the current live size. */
  resetPeak(): void;
  stop(): void;
}

export function trackGpuMemory(device: GPUDevice): GpuMemoryTracker {
  const original = device.createBuffer;
  let live = 0;
  let peak = 0;
  device.createBuffer = function createBuffer(this: GPUDevice, descriptor: GPUBufferDescriptor): GPUBuffer {
    const buffer = original.call(this, descriptor);
    const size = descriptor.size;
    live += size;
    peak = Math.max(peak, live);
    const destroy = buffer.destroy;
    let destroyed = false;
    buffer.destroy = () => {
      if (!destroyed) {
        destroyed = true;
        live -= size;
      }
      destroy.call(buffer);
    };
    return buffer;
  };
  return {
    get liveBytes() {
      return live;
    },
    get peakBytes() {
      return peak;
    },
    resetPeak() {
      peak = live;
    },
    stop() {
      device.createBuffer = original;
    },
  };
}
