import type { KernelLayout } from '../gpu/kernel-layout.ts';
import type { WGSL } from './edit-wgsl-sources.ts';

// The edit loop's own kernels, declared once: edit-gpu-kernels.ts builds their pipelines and
// bind groups from this table, and the build checks it against the WGSL.

export const EDIT_KERNELS = {
  nonfiniteFlag: {
    shader: 'nonfinite-flag',
    entry: { compute: 'main' },
    bindings: { C: 'uniform', values: 'storage, read', flag: 'storage, read_write' },
  },
  clampPoints: {
    shader: 'clamp-points',
    entry: { compute: 'main' },
    bindings: { B: 'uniform', points: 'storage, read_write', movable: 'storage, read' },
  },
  previewBlit: {
    shader: 'preview-blit',
    entry: { vertex: 'vs', fragment: 'fs' },
    bindings: { D: 'uniform', image: 'storage, read' },
  },
} as const satisfies Record<string, KernelLayout & { shader: keyof typeof WGSL }>;
