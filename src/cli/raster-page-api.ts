// The raster page's API (src/cli/raster-page.ts runs it in the browser): what Node may call
// with callPageAsync(page, RASTER_PAGE, ...). No side effects here, so Node can import it.
import type { AdamSettings } from '../engine/optim/adam-step.ts';
import type { Background } from '../engine/raster/compositing.ts';
import type { Scene } from '../scene/scene.ts';
import { pageApiName } from './page-api.ts';

export const RASTER_PAGE = pageApiName<RasterPageApi>('clipvgRasterPage');

export interface RasterPageApi {
  /** Straight RGBA f32 image (base64). */
  renderAsync(scene: Scene, background: Background): Promise<string>;
  /** Forward then backward for dL/dimage; returns image and gradients (base64 f32). */
  gradientsAsync(
    scene: Scene,
    background: Background,
    gradImage: string,
    channels: 3 | 4,
  ): Promise<{ image: string; pointGrad: string; colorGrad: string; paintGrad: string }>;
  /** forward/backward/step `steps` times with dL/dimage fixed; returns parameters (base64 f32). */
  adamAsync(
    scene: Scene,
    gradImage: string,
    channels: 3 | 4,
    settings: AdamSettings,
    steps: number,
    groupMask?: number[],
  ): Promise<{ points: string; colors: string; paint: string }>;
  /** Adam alone: `steps` steps with the given gradients written straight into the gradient buffers. */
  adamKernelAsync(
    scene: Scene,
    pointGrad: string,
    colorGrad: string,
    settings: AdamSettings,
    steps: number,
    groupMask: number[],
    paintGrad?: string,
  ): Promise<{ points: string; colors: string; paint: string }>;
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
