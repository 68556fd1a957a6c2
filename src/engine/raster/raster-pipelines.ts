import { createKernelComputePipeline } from '../gpu/kernel-layout.ts';
import { RASTER_KERNELS } from './raster-kernels.ts';
import { WGSL, WGSL_DECLARATIONS } from './wgsl-sources.ts';

// The rasteriser's compute pipelines, built from their layouts (raster-kernels.ts) and joined
// WGSL, compiled once per device (GpuRasterizer).

export type KernelName = keyof typeof RASTER_KERNELS;

const pipelineCache = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/**
 * Compiled on first use and shared per device (SwiftShader takes seconds per kernel).
 * `gradients`: whether the scene has a gradient group; it sets paint.wgsl's GRADIENTS
 * override in the kernels that import paint.wgsl (the fine passes), one pipeline per value.
 */
export function pipeline(device: GPUDevice, name: KernelName, gradients: boolean): GPUComputePipeline {
  let map = pipelineCache.get(device);
  if (!map) pipelineCache.set(device, (map = new Map()));
  const layout = RASTER_KERNELS[name];
  const painted = (WGSL_DECLARATIONS[layout.shader].imports as readonly string[]).includes('paint');
  const key = painted ? `${name}:${gradients}` : name;
  let p = map.get(key);
  if (!p) {
    const constants = painted ? { GRADIENTS: gradients ? 1 : 0 } : undefined;
    p = createKernelComputePipeline(device, layout, WGSL[layout.shader], key, constants);
    map.set(key, p);
  }
  return p;
}
