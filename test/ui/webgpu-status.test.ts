import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeWebGpuAsync } from '../../src/ui/webgpu-status.ts';

// The reasons the UI gives, case by case, with stand-in navigators (the real browsers are in
// test/harness). Each case must produce its own explanation, not a generic "unavailable".

const nav = (gpu: unknown) => ({ gpu }) as unknown as Navigator;

test('an insecure frame without navigator.gpu is blamed on the context, not on the machine', async () => {
  assert.deepEqual(await probeWebGpuAsync({ navigator: nav(undefined), isSecureContext: false }), {
    available: false,
    reason: 'not a secure context (a frame loaded from a data: URL is not one, and browsers expose WebGPU only to secure contexts)',
  });
  const p = await probeWebGpuAsync({ navigator: nav(undefined), isSecureContext: true });
  assert.ok(!p.available && /no WebGPU/.test(p.reason));
});

test('no adapter and a throwing requestAdapter are told apart', async () => {
  const none = await probeWebGpuAsync({ navigator: nav({ requestAdapter: async () => null }), isSecureContext: true });
  assert.ok(!none.available && /no WebGPU adapter/.test(none.reason));
  const bad = await probeWebGpuAsync({
    navigator: nav({
      requestAdapter: async () => {
        throw new Error('GPU process crashed');
      },
    }),
    isSecureContext: true,
  });
  assert.ok(!bad.available && /requestAdapter failed: GPU process crashed/.test(bad.reason));
});

test('an adapter is described by its info, without repeats', async () => {
  const adapter = {
    info: { vendor: 'google', architecture: 'swiftshader', device: '', description: 'google' },
    features: new Set(['a', 'b']),
    limits: { maxBufferSize: 2 ** 28 },
  };
  assert.deepEqual(await probeWebGpuAsync({ navigator: nav({ requestAdapter: async () => adapter }), isSecureContext: true }), {
    available: true,
    adapter: 'google · swiftshader',
    features: 2,
    maxBufferSize: 2 ** 28,
  });
});
