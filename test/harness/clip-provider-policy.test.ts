import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseClipProvider, isSoftwareAdapter } from '../../src/engine/clip/clip-provider-policy.ts';

// The one provider policy the CLI page and the plugin's engine frame share. Adapter identities
// as browsers report them (Chromium 156 headless on SwiftShader: vendor google, architecture
// swiftshader, isFallbackAdapter true; description often blank).

const SWIFTSHADER = { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true };
const NVIDIA = { vendor: 'nvidia', architecture: 'hopper', device: '', description: '' };

test('software adapters are recognised by flag or by name, hardware ones are not', () => {
  assert.equal(isSoftwareAdapter(SWIFTSHADER), true);
  assert.equal(isSoftwareAdapter({ vendor: 'google', architecture: 'swiftshader' }), true);
  assert.equal(isSoftwareAdapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }), true);
  assert.equal(isSoftwareAdapter({ vendor: 'microsoft', description: 'Microsoft Basic Render Driver' }), true);
  assert.equal(isSoftwareAdapter(NVIDIA), false);
  assert.equal(isSoftwareAdapter({ vendor: 'apple', architecture: 'metal-3' }), false);
  assert.equal(isSoftwareAdapter(undefined), false);
});

test("'auto' puts CLIP on WASM on software WebGPU and on WebGPU otherwise; an explicit request wins", () => {
  assert.deepEqual([chooseClipProvider(SWIFTSHADER).provider, chooseClipProvider(SWIFTSHADER).softwareAdapter], ['wasm', true]);
  assert.equal(chooseClipProvider(NVIDIA, 'auto').provider, 'webgpu');
  assert.equal(chooseClipProvider(undefined).provider, 'webgpu');
  assert.equal(chooseClipProvider(SWIFTSHADER, 'webgpu').provider, 'webgpu');
  assert.equal(chooseClipProvider(NVIDIA, 'wasm').provider, 'wasm');
  assert.match(chooseClipProvider(SWIFTSHADER).reason, /WASM/);
});
