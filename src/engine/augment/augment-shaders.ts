import common from './augment-common.wgsl';
import backward from './augment-backward.wgsl';
import forward from './augment-forward.wgsl';

// .wgsl files are imported as text: esbuild `loader: { '.wgsl': 'text' }`; Node tests
// register test/support/wgsl-text-loader (a module hook) before importing engine code.
export const augmentForwardWgsl = `${common}\n${forward}`;
export const augmentBackwardWgsl = `${common}\n${backward}`;
