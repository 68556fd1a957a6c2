import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clampPointsTwin, pointBounds } from '../../src/engine/edit/clamp-points.ts';
import { NonFiniteGuard, PointClamp, previewBlitPipeline } from '../../src/engine/edit/edit-gpu-kernels.ts';
import { EDIT_KERNELS } from '../../src/engine/edit/edit-kernels.ts';
import { renderToRgba8 } from '../../src/engine/edit/render-to-rgba8.ts';
import { createKernelBindGroup } from '../../src/engine/gpu/kernel-layout.ts';
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

  test('preview blit (a render pipeline on its explicit layout) equals the 8-bit twin, nearest-sampled when scaled', async () => {
    const rand = seeded(11);
    const [w, h] = [37, 23];
    // Straight RGB over white (alpha 1), some values outside [0, 1] to exercise the clamp.
    const render = Float32Array.from({ length: w * h * 4 }, (_, i) => (i % 4 === 3 ? 1 : rand() * 1.4 - 0.2));
    const twin = renderToRgba8(render, w, h).data;
    const image = uploadBuffer(device, render);
    const pipeline = previewBlitPipeline(device, 'rgba8unorm');
    for (const scale of [1, 2]) {
      const [cw, ch] = [w * scale, h * scale];
      const uniform = uploadBuffer(device, new Float32Array(new Uint32Array([w, h, cw, ch]).buffer), GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
      const target = device.createTexture({ size: [cw, ch], format: 'rgba8unorm', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });
      const bytesPerRow = Math.ceil((cw * 4) / 256) * 256;
      const out = device.createBuffer({ size: bytesPerRow * ch, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
      const enc = device.createCommandEncoder();
      const pass = enc.beginRenderPass({ colorAttachments: [{ view: target.createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 0] }] });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, createKernelBindGroup(device, EDIT_KERNELS.previewBlit, { D: uniform, image }));
      pass.draw(3);
      pass.end();
      enc.copyTextureToBuffer({ texture: target }, { buffer: out, bytesPerRow }, [cw, ch]);
      device.queue.submit([enc.finish()]);
      await out.mapAsync(GPUMapMode.READ);
      const got = new Uint8Array(out.getMappedRange().slice(0));
      out.unmap();
      let worst = 0;
      for (let y = 0; y < ch; y++) {
        for (let x = 0; x < cw; x++) {
          const src = (Math.floor(y / scale) * w + Math.floor(x / scale)) * 4;
          for (let c = 0; c < 4; c++) worst = Math.max(worst, Math.abs(got[y * bytesPerRow + x * 4 + c]! - (c === 3 ? 255 : twin[src + c]!)));
        }
      }
      // Float-to-unorm8 conversion may round the other way at exact halves.
      assert.ok(worst <= 1, `scale ${scale}: largest difference from the twin ${worst}/255`);
      for (const b of [uniform, out]) b.destroy();
      target.destroy();
    }
    image.destroy();
  });
});
