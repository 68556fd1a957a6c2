// A kernel's bindings, declared once: each engine area keeps a table of its kernels (e.g.
// raster-kernels.ts), and the pipeline code builds from it both the bind group layout (explicit,
// not 'auto') and every bind group, by binding name. The build compares each table with what
// the kernel's WGSL declares (scripts/check-kernel-layouts.mjs) and fails on any difference.
//
// A layout describes @group(0) only; binding i is the i-th key of `bindings` (numbered 0, 1,
// ... with no gap), named as the WGSL variable and typed as the WGSL declares it:
//   @group(0) @binding(0) var<uniform> P: Params;                    P: 'uniform'
//   @group(0) @binding(1) var<storage, read> points: array<vec2f>;   points: 'storage, read'
//   @group(0) @binding(2) var<storage, read_write> out: array<f32>;  out: 'storage, read_write'
//   @group(0) @binding(3) var tex: texture_2d<f32>;                  tex: 'texture_2d<f32>'
//   @group(0) @binding(4) var smp: sampler;                          smp: 'sampler'

type SampledDimension = '1d' | '2d' | '2d_array' | 'cube' | 'cube_array' | '3d' | 'multisampled_2d';
type DepthDimension = '2d' | '2d_array' | 'cube' | 'cube_array' | 'multisampled_2d';
type StorageDimension = '1d' | '2d' | '2d_array' | '3d';
type StorageAccess = 'read' | 'write' | 'read_write';

export type BufferBindingType = 'uniform' | 'storage, read' | 'storage, read_write';
export type SamplerBindingType = 'sampler' | 'sampler_comparison';
export type TextureBindingType =
  | `texture_${SampledDimension}<${'f32' | 'i32' | 'u32'}>`
  | `texture_depth_${DepthDimension}`
  | `texture_storage_${StorageDimension}<${GPUTextureFormat}, ${StorageAccess}>`;
export type BindingType = BufferBindingType | SamplerBindingType | TextureBindingType;

export type KernelEntry = { readonly compute: string } | { readonly vertex: string; readonly fragment: string };

export interface KernelLayout {
  /** The .wgsl file holding the kernel, without .wgsl. */
  readonly shader: string;
  /** Entry point per stage: { compute } for a compute pipeline, { vertex, fragment } for a render pipeline. */
  readonly entry: KernelEntry;
  readonly bindings: Readonly<Record<string, BindingType>>;
}

type ResourceOf<T extends BindingType> = T extends BufferBindingType ? GPUBuffer : T extends SamplerBindingType ? GPUSampler : GPUTextureView;

/** What a bind group of layout L binds: one resource per binding name. */
export type KernelResources<L extends KernelLayout> = { readonly [N in keyof L['bindings']]: ResourceOf<L['bindings'][N]> };

// The spec's GPUShaderStage flags (module code must not touch the global before a host installs WebGPU).
const STAGE = { VERTEX: 0x1, FRAGMENT: 0x2, COMPUTE: 0x4 } as const;

const VIEW_DIMENSION: Record<string, GPUTextureViewDimension> = {
  '1d': '1d',
  '2d': '2d',
  '2d_array': '2d-array',
  cube: 'cube',
  cube_array: 'cube-array',
  '3d': '3d',
  multisampled_2d: '2d',
};
const SAMPLE_TYPE: Record<string, GPUTextureSampleType> = { f32: 'float', i32: 'sint', u32: 'uint' };
const STORAGE_ACCESS: Record<string, GPUStorageTextureAccess> = { read: 'read-only', write: 'write-only', read_write: 'read-write' };

/** The layout entry of one binding (without `binding` and `visibility`). */
export function bindingLayout(type: BindingType): Omit<GPUBindGroupLayoutEntry, 'binding' | 'visibility'> {
  if (type === 'uniform') return { buffer: { type: 'uniform' } };
  if (type === 'storage, read') return { buffer: { type: 'read-only-storage' } };
  if (type === 'storage, read_write') return { buffer: { type: 'storage' } };
  if (type === 'sampler') return { sampler: { type: 'filtering' } };
  if (type === 'sampler_comparison') return { sampler: { type: 'comparison' } };
  const depth = /^texture_depth_(\w+)$/.exec(type);
  if (depth && VIEW_DIMENSION[depth[1]!]) {
    return { texture: { sampleType: 'depth', viewDimension: VIEW_DIMENSION[depth[1]!]!, multisampled: depth[1] === 'multisampled_2d' } };
  }
  const sampled = /^texture_(\w+)<(f32|i32|u32)>$/.exec(type);
  if (sampled && VIEW_DIMENSION[sampled[1]!]) {
    const multisampled = sampled[1] === 'multisampled_2d';
    // A multisampled float texture cannot be filtered.
    const sampleType = multisampled && sampled[2] === 'f32' ? 'unfilterable-float' : SAMPLE_TYPE[sampled[2]!]!;
    return { texture: { sampleType, viewDimension: VIEW_DIMENSION[sampled[1]!]!, multisampled } };
  }
  const storage = /^texture_storage_(\w+)<(\w+), (\w+)>$/.exec(type);
  if (storage && VIEW_DIMENSION[storage[1]!] && STORAGE_ACCESS[storage[3]!]) {
    return { storageTexture: { format: storage[2] as GPUTextureFormat, access: STORAGE_ACCESS[storage[3]!]!, viewDimension: VIEW_DIMENSION[storage[1]!]! } };
  }
  throw new Error(`unknown binding type "${type}"`);
}

/** Writable bindings are visible to the fragment stage only (the vertex stage may not write). */
function visibility(layout: KernelLayout, type: BindingType): number {
  if ('compute' in layout.entry) return STAGE.COMPUTE;
  const writable = type === 'storage, read_write' || /^texture_storage_.*, (write|read_write)>$/.test(type);
  return writable ? STAGE.FRAGMENT : STAGE.VERTEX | STAGE.FRAGMENT;
}

/** The bind group layout entries of a kernel, binding i for the i-th key. */
export function bindGroupLayoutEntries(layout: KernelLayout): GPUBindGroupLayoutEntry[] {
  return Object.values(layout.bindings).map((type, binding) => ({ binding, visibility: visibility(layout, type), ...bindingLayout(type) }));
}

const layoutCache = new WeakMap<GPUDevice, Map<KernelLayout, GPUBindGroupLayout>>();

/** The kernel's bind group layout on `device`, made once per device. */
export function kernelBindGroupLayout(device: GPUDevice, layout: KernelLayout): GPUBindGroupLayout {
  let map = layoutCache.get(device);
  if (!map) layoutCache.set(device, (map = new Map()));
  let bgl = map.get(layout);
  if (!bgl) {
    bgl = device.createBindGroupLayout({ label: layout.shader, entries: bindGroupLayoutEntries(layout) });
    map.set(layout, bgl);
  }
  return bgl;
}

/** The pipeline layout for a kernel (its one bind group). */
export function kernelPipelineLayout(device: GPUDevice, layout: KernelLayout): GPUPipelineLayout {
  return device.createPipelineLayout({ label: layout.shader, bindGroupLayouts: [kernelBindGroupLayout(device, layout)] });
}

/** A compute pipeline for a compute kernel from its joined WGSL. */
/** `constants`: values for the shader's `override` declarations (pipeline-overridable constants). */
export function createKernelComputePipeline(
  device: GPUDevice,
  layout: KernelLayout,
  code: string,
  label: string = layout.shader,
  constants?: Record<string, number>,
): GPUComputePipeline {
  if (!('compute' in layout.entry)) throw new Error(`${label}: not a compute kernel`);
  const module = device.createShaderModule({ code, label });
  const compute = { module, entryPoint: layout.entry.compute, ...(constants ? { constants } : {}) };
  return device.createComputePipeline({ label, layout: kernelPipelineLayout(device, layout), compute });
}

/** A bind group for a kernel: `resources` names one resource per binding of the layout. */
export function createKernelBindGroup<L extends KernelLayout>(device: GPUDevice, layout: L, resources: KernelResources<L>, label?: string): GPUBindGroup {
  const given = resources as Readonly<Record<string, GPUBuffer | GPUSampler | GPUTextureView>>;
  const names = Object.keys(layout.bindings);
  const extra = Object.keys(given).filter((n) => !names.includes(n));
  if (extra.length) throw new Error(`${layout.shader}: bind group names ${extra.join(', ')}, which the kernel does not declare`);
  const entries = names.map((name, binding): GPUBindGroupEntry => {
    const resource = given[name];
    if (!resource) throw new Error(`${layout.shader}: bind group has nothing for binding ${binding} (${name})`);
    const type = layout.bindings[name]!;
    return {
      binding,
      resource: type === 'uniform' || type.startsWith('storage') ? { buffer: resource as GPUBuffer } : (resource as GPUSampler | GPUTextureView),
    };
  });
  return device.createBindGroup({ label: label ?? layout.shader, layout: kernelBindGroupLayout(device, layout), entries });
}
