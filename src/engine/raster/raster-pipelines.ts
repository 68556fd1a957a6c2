import { createKernelComputePipeline } from '../gpu/kernel-layout.ts';
import { RASTER_KERNELS } from './raster-kernels.ts';
import { WGSL } from './wgsl-sources.ts';

// The rasteriser's compute pipelines, built from their layouts (raster-kernels.ts) and joined
// WGSL, compiled once per device (GpuRasterizer).

export type KernelName = keyof typeof RASTER_KERNELS;

const pipelineCache = new WeakMap<GPUDevice, Map<KernelName, GPUComputePipeline>>();

/** Compiled on first use and shared per device (SwiftShader takes seconds per kernel). */
export function pipeline(device: GPUDevice, name: KernelName): GPUComputePipeline {
  let map = pipelineCache.get(device);
  if (!map) pipelineCache.set(device, (map = new Map()));
  let p = map.get(name);
  if (!p) {
    const layout = RASTER_KERNELS[name];
    p = createKernelComputePipeline(device, layout, WGSL[layout.shader], name);
    map.set(name, p);
  }
  return p;
}
