import type { RgbaImage } from '../../image/rgba-image.ts';
import { downscaleArea, workingSize } from '../../image/resize-area.ts';
import type { Scene } from '../../scene/scene.ts';
import { mapSceneToSize } from './map-scene-to-size.ts';
import { defaultMinRegionArea, resolveVectorizeOptions, type VectorizeOptions } from './vectorize-options.ts';
import { vectorizeRound } from './vectorize-round.ts';

// CLIPVG's multi-round vectorisation (docs/clipvg-method.md section 1): one complete cover of the picture
// per colour count, coarse rounds at the bottom. When the optimiser opens cracks between the
// shapes of a fine round, the coarse round underneath shows through instead of the canvas.

export interface VectorizeProgress {
  /** 0..1 over the whole job. */
  fraction: number;
  stage: 'decode' | 'resize' | 'quantize' | 'regions' | 'trace' | 'fit' | 'done';
  /** 1-based round, for the per-round stages. */
  round?: number;
}

export type VectorizeProgressCallback = (p: VectorizeProgress) => void;

const STAGE_SHARE = { quantize: 0, regions: 0.3, trace: 0.5, fit: 0.65 } as const;

function nextTickAsync(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Downscales an opaque picture to the working size, when it is larger. */
export function toWorkingSize(image: RgbaImage, maxSize: number): RgbaImage {
  const size = workingSize(image.width, image.height, maxSize);
  if (size.width === image.width && size.height === image.height) return image;
  return downscaleArea(
    {
      width: image.width,
      height: image.height,
      readRow(y, out) {
        const d = image.data;
        for (let x = 0; x < image.width; x++) {
          const i = (y * image.width + x) * 4;
          const a = d[i + 3]! / 255;
          for (let c = 0; c < 3; c++) out[x * 3 + c] = d[i + c]! * a + 255 * (1 - a);
        }
      },
    },
    size.width,
    size.height,
  );
}

/**
 * Vectorises a picture (any size; traced on a copy shrunk to options.maxSize, alpha over
 * white) into a scene of exactly the picture's size: every round's shape groups, coarse
 * round first. Set outputSize to place it on another size (the file a picture was shrunk
 * from). Runs anywhere
 * (worker, Node, page): no DOM, no Node APIs. Yields between stages so progress can be posted
 * and options.signal can cancel.
 */
export async function vectorizeImageAsync(
  image: RgbaImage,
  options: Partial<VectorizeOptions> = {},
  onProgress: VectorizeProgressCallback = () => {},
  outputSize: { width: number; height: number } = image,
): Promise<Scene> {
  const o = resolveVectorizeOptions(options);
  if (image.width < 1 || image.height < 1) throw new RangeError(`cannot vectorise an empty ${image.width}x${image.height} image`);
  onProgress({ fraction: 0, stage: 'resize' });
  const work = toWorkingSize(image, o.maxSize);
  const minArea = o.minRegionArea ?? defaultMinRegionArea(work.width, work.height);
  const scene: Scene = { width: work.width, height: work.height, groups: [], rois: [], warnings: [] };
  const rounds = o.rounds.length;
  for (let i = 0; i < rounds; i++) {
    o.signal?.throwIfAborted();
    // A round runs synchronously (tens to hundreds of ms at 512 px); its stages are reported
    // as it passes them, and we yield after it so the host can deliver them.
    const groups = vectorizeRound(work, { colors: o.rounds[i]!, minRegionArea: minArea, fitTolerance: o.fitTolerance, overlap: o.overlap, ref: `round-${i + 1}` }, (stage) =>
      onProgress({ fraction: (i + STAGE_SHARE[stage]) / rounds, stage, round: i + 1 }),
    );
    scene.groups.push(...groups);
    await nextTickAsync();
  }
  onProgress({ fraction: 1, stage: 'done' });
  return mapSceneToSize(scene, outputSize.width, outputSize.height);
}
