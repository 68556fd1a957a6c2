import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clampPointsTwin, pointBounds } from '../../src/engine/edit/clamp-points.ts';
import { NonFiniteGuard, PointClamp } from '../../src/engine/edit/edit-gpu-kernels.ts';
import { nonFiniteFlag } from '../../src/engine/edit/nonfinite-flag.ts';
import { createNodeDeviceAsync, readBufferAsync, uploadBuffer } from '../support/node-webgpu-device.ts';

// The loop's own kernels on WebGPU (Dawn + SwiftShader in Node) against their TS twins.

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('edit kernels: GPU vs twin', () => {
  let device: GPUDevice;
  before(async () => {
    device = await createNodeDeviceAsync();
  });

  test('NaN/Inf guard flags exactly the buffers the twin flags', async () => {
    const rand = seeded(5);
    const cases: [string, (a: Float32Array) => void][] = [
      ['finite', () => {}],
      ['NaN at the start', (a) => (a[0] = Number.NaN)],
      ['+Inf at the end', (a) => (a[a.length - 1] = Number.POSITIVE_INFINITY)],
      ['-Inf in the middle', (a) => (a[1234] = Number.NEGATIVE_INFINITY)],
      ['huge but finite', (a) => (a[77] = 3.0e38)],
      ['subnormal', (a) => (a[78] = 1e-44)],
    ];
    for (const [name, poke] of cases) {
      for (const which of [0, 1]) {
        const a = Float32Array.from({ length: 70_000 }, () => rand() * 2 - 1);
        const b = Float32Array.from({ length: 333 }, () => rand() * 2 - 1);
        poke(which === 0 ? a : b);
        const ga = uploadBuffer(device, a);
        const gb = uploadBuffer(device, b);
        const guard = new NonFiniteGuard(device, [
          { buffer: ga, count: a.length },
          { buffer: gb, count: b.length },
        ]);
        const enc = device.createCommandEncoder();
        guard.encode(enc);
        device.queue.submit([enc.finish()]);
        const gpu = await guard.readFlagAsync();
        const twin = nonFiniteFlag(a) === 1 || nonFiniteFlag(b) === 1;
        assert.equal(gpu, twin, `${name} in buffer ${which}`);
        guard.destroy();
        ga.destroy();
        gb.destroy();
      }
    }
    // The twin itself can fail: it must see the poked values.
    assert.equal(nonFiniteFlag(new Float32Array([1, Number.NaN])), 1);
    assert.equal(nonFiniteFlag(new Float32Array([1, 3e38])), 0);
  });

  test('point clamp equals the twin; frozen and in-range points keep their bits', async () => {
    const rand = seeded(9);
    const n = 5000;
    const pts = Float32Array.from({ length: n * 2 }, () => rand() * 200 - 50);
    const movable = Uint32Array.from({ length: n }, () => (rand() < 0.7 ? 1 : 0));
    const b = pointBounds(100, 80, 10);
    const buf = uploadBuffer(device, pts.slice(), GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC);
    const clamp = new PointClamp(device, buf, movable, b);
    clamp.run();
    const gpu = await readBufferAsync(device, buf, pts.byteLength);
    const twin = pts.slice();
    clampPointsTwin(twin, b, movable);
    assert.deepEqual(Array.from(gpu), Array.from(twin));
    let clamped = 0;
    for (let i = 0; i < n; i++) {
      const out = twin[2 * i]! !== pts[2 * i]! || twin[2 * i + 1]! !== pts[2 * i + 1]!;
      if (movable[i] === 0) assert.ok(!out, `frozen point ${i} moved`);
      if (out) clamped++;
      if (movable[i] === 1) {
        assert.ok(twin[2 * i]! >= -10 && twin[2 * i]! <= 110 && twin[2 * i + 1]! >= -10 && twin[2 * i + 1]! <= 90);
      }
    }
    assert.ok(clamped > 100, 'the case clamps something');
    clamp.destroy();
    buf.destroy();
  });
});
