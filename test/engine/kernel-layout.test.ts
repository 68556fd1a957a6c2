import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindGroupLayoutEntries, bindingLayout, createKernelBindGroup, type KernelLayout } from '../../src/engine/gpu/kernel-layout.ts';

// Kernel layouts (src/engine/gpu/kernel-layout.ts): each WGSL binding type to the WebGPU layout
// entry the spec pairs with it, and bind groups built by binding name. The GPU tests of each
// kernel (test/raster, test/augment, test/edit) run these layouts on a device.

test('each WGSL binding type maps to the layout entry WebGPU requires for it', () => {
  const cases: [Parameters<typeof bindingLayout>[0], ReturnType<typeof bindingLayout>][] = [
    ['uniform', { buffer: { type: 'uniform' } }],
    ['storage, read', { buffer: { type: 'read-only-storage' } }],
    ['storage, read_write', { buffer: { type: 'storage' } }],
    ['sampler', { sampler: { type: 'filtering' } }],
    ['sampler_comparison', { sampler: { type: 'comparison' } }],
    ['texture_2d<f32>', { texture: { sampleType: 'float', viewDimension: '2d', multisampled: false } }],
    ['texture_2d_array<u32>', { texture: { sampleType: 'uint', viewDimension: '2d-array', multisampled: false } }],
    ['texture_cube<i32>', { texture: { sampleType: 'sint', viewDimension: 'cube', multisampled: false } }],
    ['texture_multisampled_2d<f32>', { texture: { sampleType: 'unfilterable-float', viewDimension: '2d', multisampled: true } }],
    ['texture_depth_2d', { texture: { sampleType: 'depth', viewDimension: '2d', multisampled: false } }],
    ['texture_storage_2d<rgba8unorm, write>', { storageTexture: { format: 'rgba8unorm', access: 'write-only', viewDimension: '2d' } }],
    ['texture_storage_3d<r32float, read_write>', { storageTexture: { format: 'r32float', access: 'read-write', viewDimension: '3d' } }],
  ];
  for (const [type, entry] of cases) assert.deepEqual(bindingLayout(type), entry, type);
  assert.throws(() => bindingLayout('storage' as never), /unknown binding type "storage"/);
});

test('binding i is the i-th name; compute kernels see bindings in compute, render kernels in vertex and fragment unless writable', () => {
  const compute = { shader: 'c', entry: { compute: 'main' }, bindings: { P: 'uniform', out: 'storage, read_write' } } as const satisfies KernelLayout;
  assert.deepEqual(
    bindGroupLayoutEntries(compute).map((e) => [e.binding, e.visibility]),
    [
      [0, 4],
      [1, 4],
    ],
  );
  const render = {
    shader: 'r',
    entry: { vertex: 'vs', fragment: 'fs' },
    bindings: { P: 'uniform', img: 'storage, read', out: 'storage, read_write', st: 'texture_storage_2d<rgba8unorm, write>' },
  } as const satisfies KernelLayout;
  assert.deepEqual(
    bindGroupLayoutEntries(render).map((e) => [e.binding, e.visibility]),
    [
      [0, 3],
      [1, 3],
      [2, 2],
      [3, 2],
    ],
  );
});

/** A device that records what it is asked to create. */
function recordingDevice() {
  const made: { bindGroups: GPUBindGroupDescriptor[]; layouts: GPUBindGroupLayoutDescriptor[] } = { bindGroups: [], layouts: [] };
  const device = {
    createBindGroupLayout: (d: GPUBindGroupLayoutDescriptor) => (made.layouts.push(d), { label: d.label }),
    createBindGroup: (d: GPUBindGroupDescriptor) => (made.bindGroups.push(d), {}),
  } as unknown as GPUDevice;
  return { device, made };
}

test("a bind group binds each resource at its name's binding, on the one layout made per device", () => {
  const { device, made } = recordingDevice();
  const layout = { shader: 'k', entry: { compute: 'main' }, bindings: { P: 'uniform', src: 'storage, read', smp: 'sampler' } } as const satisfies KernelLayout;
  const [P, src, smp] = [{ id: 'P' }, { id: 'src' }, { id: 'smp' }] as unknown as [GPUBuffer, GPUBuffer, GPUSampler];
  createKernelBindGroup(device, layout, { smp, src, P });
  createKernelBindGroup(device, layout, { P, src, smp });
  assert.equal(made.layouts.length, 1);
  assert.deepEqual(made.bindGroups[0]!.entries, [
    { binding: 0, resource: { buffer: P } },
    { binding: 1, resource: { buffer: src } },
    { binding: 2, resource: smp },
  ]);
  assert.throws(() => createKernelBindGroup(device, layout, { P, src } as never), { message: 'k: bind group has nothing for binding 2 (smp)' });
  assert.throws(() => createKernelBindGroup(device, layout, { P, src, smp, dst: src } as never), {
    message: 'k: bind group names dst, which the kernel does not declare',
  });
});
