import { register } from 'node:module';

// The augmenter imports .wgsl files: register the text hook first, then import it dynamically
// (a static import would be linked before the hook exists).
register('./wgsl-text-hooks.mjs', import.meta.url);
const mod: typeof import('../../src/engine/augment/patch-augmenter.ts') = await import('../../src/engine/augment/patch-augmenter.ts');
export const PatchAugmenter = mod.PatchAugmenter;
export type PatchAugmenter = import('../../src/engine/augment/patch-augmenter.ts').PatchAugmenter;
