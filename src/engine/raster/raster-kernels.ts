import type { KernelLayout } from '../gpu/kernel-layout.ts';
import type { WGSL } from './wgsl-sources.ts';

// The rasteriser's kernels (and Adam's): shader, entry point and bindings of each, declared
// once. raster-pipelines.ts builds pipelines and bind group layouts from it, GpuRasterizer its
// bind groups by binding name; the build checks every entry against the WGSL.

/** tile-bin.wgsl's two entry points (boxes, bins) share its declarations. */
const TILE_BIN_BINDINGS = { P: 'uniform', lines: 'storage, read', groups: 'storage, read_write', bins: 'storage, read_write' } as const;

/** paint-adam.wgsl's two entry points (step, order) share its declarations. */
const PAINT_ADAM_BINDINGS = {
  A: 'uniform',
  paint: 'storage, read_write',
  paintGrad: 'storage, read',
  paintMoments: 'storage, read_write',
  paintRole: 'storage, read',
  groupMask: 'storage, read',
} as const;

export const RASTER_KERNELS = {
  allocateLines: {
    shader: 'allocate-lines',
    entry: { compute: 'main' },
    bindings: {
      P: 'uniform',
      points: 'storage, read',
      segPoints: 'storage, read',
      uploadLines: 'storage, read',
      segLines: 'storage, read_write',
      groupSegs: 'storage, read',
      groups: 'storage, read_write',
      lineAlloc: 'storage, read_write',
    },
  },
  flatten: {
    shader: 'flatten',
    entry: { compute: 'main' },
    bindings: { P: 'uniform', points: 'storage, read', segPoints: 'storage, read', segLines: 'storage, read', lines: 'storage, read_write' },
  },
  boxes: { shader: 'tile-bin', entry: { compute: 'groupBoxes' }, bindings: TILE_BIN_BINDINGS },
  rowIndex: {
    shader: 'tile-row-index',
    entry: { compute: 'groupRowIndex' },
    bindings: { P: 'uniform', lines: 'storage, read', groups: 'storage, read_write', rowIndex: 'storage, read_write', alloc: 'storage, read_write' },
  },
  bins: { shader: 'tile-bin', entry: { compute: 'binGroups' }, bindings: TILE_BIN_BINDINGS },
  coarse: {
    shader: 'tile-coarse',
    entry: { compute: 'coarse' },
    bindings: {
      P: 'uniform',
      lines: 'storage, read',
      groups: 'storage, read',
      bins: 'storage, read',
      ptcl: 'storage, read_write',
      alloc: 'storage, read_write',
      rowIndex: 'storage, read',
    },
  },
  forward: {
    shader: 'render-forward',
    entry: { compute: 'main' },
    bindings: {
      P: 'uniform',
      lines: 'storage, read',
      groups: 'storage, read',
      colors: 'storage, read',
      ptcl: 'storage, read',
      image: 'storage, read_write',
      state: 'storage, read_write',
      alloc: 'storage, read_write',
    },
  },
  backward: {
    shader: 'render-backward',
    entry: { compute: 'main' },
    bindings: {
      P: 'uniform',
      lines: 'storage, read',
      groups: 'storage, read',
      colors: 'storage, read',
      ptcl: 'storage, read',
      state: 'storage, read',
      gradImage: 'storage, read',
      colorGrad: 'storage, read_write',
      lineGrad: 'storage, read_write',
    },
  },
  pointGrads: {
    shader: 'point-grads',
    entry: { compute: 'main' },
    bindings: { P: 'uniform', segLines: 'storage, read', pointRefs: 'storage, read', lineGrad: 'storage, read', pointGrad: 'storage, read_write' },
  },
  adam: {
    shader: 'adam-step',
    entry: { compute: 'main' },
    bindings: {
      A: 'uniform',
      points: 'storage, read_write',
      colors: 'storage, read_write',
      pointGrad: 'storage, read',
      colorGrad: 'storage, read',
      pointMoments: 'storage, read_write',
      colorMoments: 'storage, read_write',
      pointGroup: 'storage, read',
      groupMask: 'storage, read',
    },
  },
  paintAdam: { shader: 'paint-adam', entry: { compute: 'step' }, bindings: PAINT_ADAM_BINDINGS },
  paintOrder: { shader: 'paint-adam', entry: { compute: 'order' }, bindings: PAINT_ADAM_BINDINGS },
} as const satisfies Record<string, KernelLayout & { shader: keyof typeof WGSL }>;
