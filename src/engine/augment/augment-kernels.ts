import type { KernelLayout } from '../gpu/kernel-layout.ts';
import type { WGSL } from './augment-wgsl-sources.ts';

// The patch augmenter's kernels, declared once: PatchAugmenter builds their pipelines and bind
// groups from this table, and the build checks it against the WGSL.

export const AUGMENT_KERNELS = {
  forward: {
    shader: 'augment-forward',
    entry: { compute: 'main' },
    bindings: { dims: 'uniform', images: 'storage, read', render: 'storage, read', pixelValues: 'storage, read_write' },
  },
  backward: {
    shader: 'augment-backward',
    entry: { compute: 'main' },
    bindings: { dims: 'uniform', images: 'storage, read', pixelGrad: 'storage, read', dRender: 'storage, read_write' },
  },
} as const satisfies Record<string, KernelLayout & { shader: keyof typeof WGSL }>;
