import * as W from './wgsl-sources.ts';

// The rasteriser's compute pipelines: WGSL sources and entry points per kernel, compiled once
// per device (GpuRasterizer).

export type KernelName = 'flatten' | 'boxes' | 'rowIndex' | 'bins' | 'coarse' | 'forward' | 'backward' | 'pointGrads' | 'adam';

const KERNELS: Record<KernelName, () => [string, string]> = {
  flatten: () => [W.rasterCommonWgsl + W.flattenWgsl, 'main'],
  boxes: () => [W.rasterCommonWgsl + W.tileBinWgsl, 'groupBoxes'],
  rowIndex: () => [W.rasterCommonWgsl + W.tileRowIndexWgsl, 'groupRowIndex'],
  bins: () => [W.rasterCommonWgsl + W.tileBinWgsl, 'binGroups'],
  coarse: () => [W.rasterCommonWgsl + W.tileCoarseWgsl, 'coarse'],
  forward: () => [W.rasterCommonWgsl + W.tileRowsWgsl + W.renderForwardWgsl, 'main'],
  backward: () => [W.rasterCommonWgsl + W.tileRowsWgsl + W.renderBackwardWgsl, 'main'],
  pointGrads: () => [W.rasterCommonWgsl + W.pointGradsWgsl, 'main'],
  adam: () => [W.adamStepWgsl, 'main'],
};

const pipelineCache = new WeakMap<GPUDevice, Map<KernelName, GPUComputePipeline>>();

/** Compiled on first use and shared per device (SwiftShader takes seconds per kernel). */
export function pipeline(device: GPUDevice, name: KernelName): GPUComputePipeline {
  let map = pipelineCache.get(device);
  if (!map) pipelineCache.set(device, (map = new Map()));
  let p = map.get(name);
  if (!p) {
    const [code, entryPoint] = KERNELS[name]();
    p = device.createComputePipeline({ label: name, layout: 'auto', compute: { module: device.createShaderModule({ code, label: name }), entryPoint } });
    map.set(name, p);
  }
  return p;
}
