// Browser page entry that exposes the WebGPU rasteriser to Node (CLI render, tests,
// benchmarks) through callPageAsync(page, RASTER_PAGE, ...). Buffers cross the boundary as base64 f32.
import { base64ToFloats, floatsToBase64 } from '../engine/gpu/base64-floats.ts';
import { GpuRasterizer } from '../engine/raster/gpu-rasterizer.ts';
import { exposePageApi } from './page-api.ts';
import { RASTER_PAGE, type RasterPageApi } from './raster-page-api.ts';

let devicePromise: Promise<GPUDevice> | undefined;

function deviceAsync(): Promise<GPUDevice> {
  devicePromise ??= (async () => {
    const adapter = await navigator.gpu?.requestAdapter();
    if (!adapter) throw new Error('no WebGPU adapter in this browser');
    return adapter.requestDevice({
      requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
    });
  })();
  return devicePromise;
}

async function checkedAsync<T>(device: GPUDevice, fn: () => Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  const out = await fn();
  const oom = await device.popErrorScope();
  const val = await device.popErrorScope();
  if (oom || val) throw new Error(`WebGPU error: ${(oom ?? val)!.message}`);
  return out;
}

function gradBuffer(device: GPUDevice, b64: string): GPUBuffer {
  const data = base64ToFloats(b64);
  const buf = device.createBuffer({ size: Math.max(16, data.byteLength), usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buf, 0, data);
  return buf;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

let uploaded: { r: GpuRasterizer; g: GPUBuffer } | undefined;

const api: RasterPageApi = {
  async movedRenderAsync(scene, points) {
    const device = await deviceAsync();
    return checkedAsync(device, async () => {
      const r = GpuRasterizer.create(device, scene, { background: 'white' });
      try {
        device.queue.writeBuffer(r.points, 0, base64ToFloats(points));
        r.forward();
        const grew = await r.ensureCapacityAsync();
        return { grew, image: floatsToBase64(await r.readImageAsync()) };
      } finally {
        r.destroy();
      }
    });
  },
  async rowIndexAsync(scene) {
    const device = await deviceAsync();
    return checkedAsync(device, async () => {
      const r = GpuRasterizer.create(device, scene, { background: 'white' });
      try {
        r.forward();
        const { rowBases, words } = await r.readRowIndexAsync();
        return { rowBases: Array.from(rowBases), words: Array.from(words) };
      } finally {
        r.destroy();
      }
    });
  },
  async uploadAsync(scene) {
    const device = await deviceAsync();
    uploaded?.r.destroy();
    uploaded?.g.destroy();
    const r = GpuRasterizer.create(device, scene, { background: 'white' });
    const g = device.createBuffer({ size: scene.width * scene.height * 12, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
    uploaded = { r, g };
    r.forward();
    await device.queue.onSubmittedWorkDone();
  },
  async runStagesAsync(stages, reps) {
    const device = await deviceAsync();
    const { r, g } = uploaded!;
    for (let i = 0; i < reps; i++) {
      const enc = device.createCommandEncoder();
      r.encodeForwardStages(enc, Math.min(stages, 5));
      if (stages === 6) r.encodeBackward(enc, g, 3);
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
    }
  },
  async renderAsync(scene, background) {
    const device = await deviceAsync();
    return checkedAsync(device, async () => {
      const r = GpuRasterizer.create(device, scene, { background });
      try {
        r.forward();
        return floatsToBase64(await r.readImageAsync());
      } finally {
        r.destroy();
      }
    });
  },
  async gradientsAsync(scene, background, gradImage, channels) {
    const device = await deviceAsync();
    return checkedAsync(device, async () => {
      const r = GpuRasterizer.create(device, scene, { background });
      const g = gradBuffer(device, gradImage);
      try {
        r.forward();
        r.zeroGrad();
        r.backward(g, channels);
        const grads = await r.readGradientsAsync();
        return {
          image: floatsToBase64(await r.readImageAsync()),
          pointGrad: floatsToBase64(grads.points),
          colorGrad: floatsToBase64(grads.colors),
          paintGrad: floatsToBase64(grads.paint),
        };
      } finally {
        r.destroy();
        g.destroy();
      }
    });
  },
  async adamAsync(scene, gradImage, channels, settings, steps, groupMask) {
    const device = await deviceAsync();
    return checkedAsync(device, async () => {
      const r = GpuRasterizer.create(device, scene, { background: 'white' });
      const g = gradBuffer(device, gradImage);
      try {
        if (groupMask) r.setGroupMask(new Uint32Array(groupMask));
        for (let i = 0; i < steps; i++) {
          r.forward();
          r.zeroGrad();
          r.backward(g, channels);
          r.step(settings);
        }
        const p = await r.readParametersAsync();
        return { points: floatsToBase64(p.points), colors: floatsToBase64(p.colors), paint: floatsToBase64(p.paint) };
      } finally {
        r.destroy();
        g.destroy();
      }
    });
  },
  async adamKernelAsync(scene, pointGrad, colorGrad, settings, steps, groupMask, paintGrad) {
    const device = await deviceAsync();
    return checkedAsync(device, async () => {
      const r = GpuRasterizer.create(device, scene, { background: 'white' });
      try {
        r.setGroupMask(new Uint32Array(groupMask));
        device.queue.writeBuffer(r.pointGrad, 0, base64ToFloats(pointGrad));
        device.queue.writeBuffer(r.colorGrad, 0, base64ToFloats(colorGrad));
        if (paintGrad) device.queue.writeBuffer(r.colorGrad, r.groupCount * 16, base64ToFloats(paintGrad));
        for (let i = 0; i < steps; i++) r.step(settings);
        const p = await r.readParametersAsync();
        return { points: floatsToBase64(p.points), colors: floatsToBase64(p.colors), paint: floatsToBase64(p.paint) };
      } finally {
        r.destroy();
      }
    });
  },
  async profileAsync(scene, reps) {
    const device = await deviceAsync();
    return checkedAsync(device, async () => {
      const r = GpuRasterizer.create(device, scene, { background: 'white' });
      const n = scene.width * scene.height * 3;
      const g = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      try {
        const out: number[] = [];
        for (let stages = 1; stages <= 6; stages++) {
          const times: number[] = [];
          for (let i = 0; i <= reps; i++) {
            const t = performance.now();
            const enc = device.createCommandEncoder();
            r.encodeForwardStages(enc, Math.min(stages, 5));
            if (stages === 6) r.encodeBackward(enc, g, 3);
            device.queue.submit([enc.finish()]);
            await device.queue.onSubmittedWorkDone();
            if (i > 0) times.push(performance.now() - t);
          }
          out.push(median(times));
        }
        return out;
      } finally {
        r.destroy();
        g.destroy();
      }
    });
  },
  async timeAsync(scene, reps) {
    const device = await deviceAsync();
    return checkedAsync(device, async () => {
      const r = GpuRasterizer.create(device, scene, { background: 'white' });
      const n = scene.width * scene.height * 3;
      const g = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
      const grad = new Float32Array(n);
      for (let i = 0; i < n; i++) grad[i] = Math.sin(i * 0.37) * 0.01;
      device.queue.writeBuffer(g, 0, grad);
      try {
        const forwardAll: number[] = [];
        const forwardBackwardAll: number[] = [];
        for (let i = 0; i <= reps; i++) {
          let t = performance.now();
          r.forward();
          await device.queue.onSubmittedWorkDone();
          if (i > 0) forwardAll.push(performance.now() - t);
          t = performance.now();
          r.forward();
          r.zeroGrad();
          r.backward(g, 3);
          await device.queue.onSubmittedWorkDone();
          if (i > 0) forwardBackwardAll.push(performance.now() - t);
        }
        return { forwardMs: median(forwardAll), forwardBackwardMs: median(forwardBackwardAll), forwardAll, forwardBackwardAll };
      } finally {
        r.destroy();
        g.destroy();
      }
    });
  },
};

exposePageApi(RASTER_PAGE, api);
