// Browser page entry that exposes the WebGPU rasteriser to Node (CLI render, tests,
// benchmarks) through page.evaluate. Buffers cross the boundary as base64 f32.
import { base64ToFloats, floatsToBase64 } from '../engine/gpu/base64-floats.ts';
import type { AdamSettings } from '../engine/optim/adam-step.ts';
import type { Background } from '../engine/raster/compositing.ts';
import { GpuRasterizer } from '../engine/raster/gpu-rasterizer.ts';
import type { Scene } from '../scene/scene.ts';

export interface RasterPageApi {
  /** Straight RGBA f32 image (base64). */
  renderAsync(scene: Scene, background: Background): Promise<string>;
  /** Forward then backward for dL/dimage; returns image and gradients (base64 f32). */
  gradientsAsync(scene: Scene, background: Background, gradImage: string, channels: 3 | 4): Promise<{ image: string; pointGrad: string; colorGrad: string }>;
  /** forward/backward/step `steps` times with dL/dimage fixed; returns parameters (base64 f32). */
  adamAsync(scene: Scene, gradImage: string, channels: 3 | 4, settings: AdamSettings, steps: number, groupMask?: number[]): Promise<{ points: string; colors: string }>;
  /** Adam alone: `steps` steps with the given gradients written straight into the gradient buffers. */
  adamKernelAsync(scene: Scene, pointGrad: string, colorGrad: string, settings: AdamSettings, steps: number, groupMask: number[]): Promise<{ points: string; colors: string }>;
  /** Uploads `scene`, overwrites its points on the GPU, renders; grows command lists if needed. */
  movedRenderAsync(scene: Scene, points: string): Promise<{ grew: boolean; image: string }>;
  /** Renders `scene` and returns its per-group row index as built on the GPU (tile-row-index.wgsl). */
  rowIndexAsync(scene: Scene): Promise<{ rowBases: number[]; words: number[] }>;
  /** Uploads `scene` (kept for later calls) and returns when done. */
  uploadAsync(scene: Scene): Promise<void>;
  /** Runs the uploaded scene's first `stages` forward stages (6 = forward+backward) `reps` times. */
  runStagesAsync(stages: number, reps: number): Promise<void>;
  /** Cumulative median ms after each forward stage (1..5), then forward+backward. */
  profileAsync(scene: Scene, reps: number): Promise<number[]>;
  /** Median ms of forward and of forward+backward (queue.onSubmittedWorkDone), after warm-up. */
  timeAsync(scene: Scene, reps: number): Promise<{ forwardMs: number; forwardBackwardMs: number; forwardAll: number[]; forwardBackwardAll: number[] }>;
}

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
        return { image: floatsToBase64(await r.readImageAsync()), pointGrad: floatsToBase64(grads.points), colorGrad: floatsToBase64(grads.colors) };
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
        return { points: floatsToBase64(p.points), colors: floatsToBase64(p.colors) };
      } finally {
        r.destroy();
        g.destroy();
      }
    });
  },
  async adamKernelAsync(scene, pointGrad, colorGrad, settings, steps, groupMask) {
    const device = await deviceAsync();
    return checkedAsync(device, async () => {
      const r = GpuRasterizer.create(device, scene, { background: 'white' });
      try {
        r.setGroupMask(new Uint32Array(groupMask));
        device.queue.writeBuffer(r.pointGrad, 0, base64ToFloats(pointGrad));
        device.queue.writeBuffer(r.colorGrad, 0, base64ToFloats(colorGrad));
        for (let i = 0; i < steps; i++) r.step(settings);
        const p = await r.readParametersAsync();
        return { points: floatsToBase64(p.points), colors: floatsToBase64(p.colors) };
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

const g = globalThis as unknown as { __engineReady?: boolean; __engineError?: string; raster?: RasterPageApi };
g.raster = api;
g.__engineReady = true;
