import { createKernelComputePipeline } from '../gpu/kernel-layout.ts';
import { RASTER_KERNELS } from './raster-kernels.ts';
import { WGSL } from './wgsl-sources.ts';

// The rasteriser's compute pipelines, built from their layouts (raster-kernels.ts) and joined
// WGSL, compiled once per device (GpuRasterizer).

export type KernelName = keyof typeof RASTER_KERNELS;

/** The fine passes, whose paint code (paint.wgsl) is compiled in only for scenes with gradients. */
export type PaintedKernel = 'forward' | 'backward';

const pipelineCache = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

/**
 * Compiled on first use and shared per device (SwiftShader takes seconds per kernel).
 * `gradients` (the fine passes only) sets paint.wgsl's GRADIENTS override.
 */
export function pipeline(device: GPUDevice, name: KernelName, gradients?: boolean): GPUComputePipeline {
  let map = pipelineCache.get(device);
  if (!map) pipelineCache.set(device, (map = new Map()));
  const key = gradients === undefined ? name : `${name}:${gradients}`;
  let p = map.get(key);
  if (!p) {
    const layout = RASTER_KERNELS[name];
    const constants = gradients === undefined ? undefined : { GRADIENTS: gradients ? 1 : 0 };
    p = createKernelComputePipeline(device, layout, WGSL[layout.shader], key, constants);
    map.set(key, p);
  }
  return p;
}
