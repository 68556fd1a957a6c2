import { PreviewBlit } from '../engine/edit/edit-gpu-kernels.ts';
import { renderToRgba8 } from '../engine/edit/render-to-rgba8.ts';
import { GpuRasterizer } from '../engine/raster/gpu-rasterizer.ts';
import type { RgbaImage } from '../image/rgba-image.ts';
import type { Scene } from '../scene/scene.ts';
import type { PreviewState } from './engine-host-api.ts';
import { fitPreview, type PreviewBox } from './preview-fit.ts';

export type { PreviewBox };

// The visible preview canvas, wherever it lives: the engine frame's own <canvas>, or the UI's
// <canvas> handed to the engine worker with transferControlToOffscreen. How previews reach it:
// 'webgpu': the engine draws into an OffscreenCanvas configured on its device and each frame
// is handed over as an ImageBitmap (no readback). '2d': the read-back 8-bit render is put
// into a 2D context. Chromium needs a displayable shared image for ANY WebGPU canvas swap
// chain; headless Chromium on SwiftShader's Vulkan without ANGLE GL cannot create one and then
// destroys the device that configured the canvas. So software adapters (where the engine
// reads each preview back anyway, and readback is a memcpy) take the 2D path, real GPUs the
// WebGPU one.

export type PreviewPath = 'webgpu' | '2d';

export interface PreviewSurfaceOptions {
  visible: HTMLCanvasElement | OffscreenCanvas;
  box: () => PreviewBox;
  /** Called after each drawn preview (the frame marks its canvas; tests read the marks). */
  onDrawn?: (state: PreviewState) => void;
  /** Called when the canvas is resized for a scene (the frame sets its CSS size). */
  onFitted?: (fit: ReturnType<typeof fitPreview>) => void;
}

export class PreviewSurface {
  path: PreviewPath | undefined;
  readonly state: PreviewState = { count: 0, iteration: -1 };
  private readonly gpuCanvas = new OffscreenCanvas(1, 1);
  private shown: ImageBitmapRenderingContext | undefined;
  private shown2d: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D | undefined;
  private blit: PreviewBlit | undefined;
  private blitDevice: GPUDevice | undefined;

  constructor(private readonly options: PreviewSurfaceOptions) {}

  /** Test hook: the browser harness forces the WebGPU path under ANGLE's SwiftShader GL. */
  choosePath(softwareAdapter: boolean, forced?: PreviewPath): PreviewPath {
    this.path ??= forced ?? (softwareAdapter ? '2d' : 'webgpu');
    return this.path;
  }

  /** The canvas the engine draws into on its device (WebGPU path), else null. */
  gpuTarget(): OffscreenCanvas | null {
    return this.path === 'webgpu' ? this.gpuCanvas : null;
  }

  fit(scene: Scene): void {
    const f = fitPreview(scene, this.options.box());
    this.options.visible.width = f.width;
    this.options.visible.height = f.height;
    this.gpuCanvas.width = f.width;
    this.gpuCanvas.height = f.height;
    this.options.onFitted?.(f);
  }

  /** Shows one preview: what the engine drew into gpuTarget (WebGPU path) or a read-back render. */
  present(image: RgbaImage | undefined, iteration: number): PreviewState {
    if (this.path === 'webgpu') {
      this.shown ??= this.options.visible.getContext('bitmaprenderer') as ImageBitmapRenderingContext;
      this.shown.transferFromImageBitmap(this.gpuCanvas.transferToImageBitmap());
    } else if (image) {
      this.shown2d ??= this.options.visible.getContext('2d') as OffscreenCanvasRenderingContext2D;
      const src = new OffscreenCanvas(image.width, image.height);
      src.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
      this.shown2d.imageSmoothingQuality = 'high';
      this.shown2d.drawImage(src, 0, 0, this.options.visible.width, this.options.visible.height);
    }
    this.state.count++;
    this.state.iteration = iteration;
    const copy = { ...this.state };
    this.options.onDrawn?.(copy);
    return copy;
  }

  /** Rasterises a scene on `device` and shows it (a static preview). */
  async drawSceneAsync(device: GPUDevice, scene: Scene): Promise<PreviewState> {
    const step = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
      try {
        return await f();
      } catch (e) {
        throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    this.fit(scene);
    const raster = await step('raster', () => GpuRasterizer.create(device, scene, { background: 'white' }));
    try {
      await step('forward', () => {
        const enc = device.createCommandEncoder();
        raster.encodeForward(enc);
        device.queue.submit([enc.finish()]);
      });
      if (this.path === 'webgpu') {
        if (this.blitDevice !== device) this.blit = undefined;
        const b = await step('blit', () => (this.blit ??= new PreviewBlit(device, this.gpuCanvas)));
        this.blitDevice = device;
        await step('draw', () => b.draw(raster.image, raster.width, raster.height));
        return this.present(undefined, -1);
      }
      return this.present(await step('read back', async () => renderToRgba8(await raster.readImageAsync(), raster.width, raster.height)), -1);
    } finally {
      raster.destroy();
    }
  }
}
