// ORT's WebGPU EP runs on the engine's own GPUDevice (the rasteriser creates it). A device
// created with default limits caps storage bindings at 128 MiB and workgroups at 256
// invocations, which ViT-B/32 activations at batch 16+ exceed; ORT's own device asks for the
// adapter's maxima, so the shared device must too. Whoever creates the device spreads this in.

const LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

const FEATURES: GPUFeatureName[] = ['shader-f16', 'timestamp-query', 'subgroups' as GPUFeatureName];

export function clipDeviceDescriptor(adapter: GPUAdapter): GPUDeviceDescriptor {
  const requiredLimits: Record<string, number> = {};
  for (const name of LIMITS) {
    const value = (adapter.limits as unknown as Record<string, number | undefined>)[name];
    if (typeof value === 'number') requiredLimits[name] = value;
  }
  return { requiredLimits, requiredFeatures: FEATURES.filter((f) => adapter.features.has(f)) };
}
