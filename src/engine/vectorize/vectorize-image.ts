import type { RgbaImage } from '../../image/rgba-image.ts';
import { downscaleArea, workingSize } from '../../image/resize-area.ts';
import type { Scene } from '../../scene/scene.ts';
import { mapSceneToSize } from './map-scene-to-size.ts';
import { mergeRegionsWard } from './merge-regions-ward.ts';
import { startRegions } from './region-map.ts';
import { defaultMinRegionArea, resolveVectorizeOptions, UPPER_ROUND_OVERLAP, type VectorizeOptions } from './vectorize-options.ts';
import { regionsToGroups } from './vectorize-round.ts';

// CLIPVG's multi-round vectorisation (docs/clipvg-method.md section 1): one complete cover of the picture
// per round, coarse rounds at the bottom. When the optimiser opens cracks between the
// shapes of a fine round, the coarse round underneath shows through instead of the canvas.
// The rounds are levels of one hierarchy: regions at full colour precision merged by least
// added squared error (./merge-regions-ward.ts), stopped at each round's shape count.

export interface VectorizeProgress {
  /** 0..1 over the whole job. */
  fraction: number;
  stage: 'decode' | 'resize' | 'regions' | 'trace' | 'fit' | 'done';
  /** 1-based round, for the per-round stages. */
  round?: number;
}

export type VectorizeProgressCallback = (p: VectorizeProgress) => void;

/** Share of the job before the rounds (region merging), then each round's trace and fit. */
const REGIONS_SHARE = 0.25;
const STAGE_SHARE = { trace: 0, fit: 0.3 } as const;

/** Bits per channel of the finest regions the merging starts from (see startRegions). */
const START_BITS = 4;

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

/** The working-size picture and its region maps, fine round last, ready for the rounds. */
function mergeForRounds(image: RgbaImage, o: VectorizeOptions): { work: RgbaImage; maps: ReturnType<typeof mergeRegionsWard> } {
  if (image.width < 1 || image.height < 1) throw new RangeError(`cannot vectorise an empty ${image.width}x${image.height} image`);
  const work = toWorkingSize(image, o.maxSize);
  const minArea = o.minRegionArea ?? defaultMinRegionArea(work.width, work.height);
  const start = startRegions(work.data, work.width, work.height, START_BITS);
  // Largest count first from the merger; the coarse round is drawn first.
  return { work, maps: mergeRegionsWard(work, start, { targets: o.rounds, minArea }).reverse() };
}

function roundGroups(work: RgbaImage, maps: ReturnType<typeof mergeRegionsWard>, o: VectorizeOptions, i: number, report: (stage: 'trace' | 'fit') => void) {
  const overlap = o.overlap ?? (i === 0 ? 0 : UPPER_ROUND_OVERLAP);
  return regionsToGroups(work, maps[i]!, { fitTolerance: o.fitTolerance, overlap, ref: `round-${i + 1}` }, report);
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
  onProgress({ fraction: 0, stage: 'resize' });
  await nextTickAsync();
  o.signal?.throwIfAborted();
  onProgress({ fraction: 0.01, stage: 'regions' });
  const { work, maps } = mergeForRounds(image, o);
  const scene: Scene = { width: work.width, height: work.height, groups: [], rois: [], warnings: [] };
  const rounds = o.rounds.length;
  for (let i = 0; i < rounds; i++) {
    o.signal?.throwIfAborted();
    // A round runs synchronously (tens to hundreds of ms at 512 px); its stages are reported
    // as it passes them, and we yield after it so the host can deliver them.
    const groups = roundGroups(work, maps, o, i, (stage) =>
      onProgress({ fraction: REGIONS_SHARE + ((1 - REGIONS_SHARE) * (i + STAGE_SHARE[stage])) / rounds, stage, round: i + 1 }),
    );
    scene.groups.push(...groups);
    await nextTickAsync();
  }
  onProgress({ fraction: 1, stage: 'done' });
  return mapSceneToSize(scene, outputSize.width, outputSize.height);
}

/**
 * vectorizeImageAsync without yielding, progress or cancelling, for callers that are
 * synchronous themselves (the SVG reader tracing an embedded <image>): keep the picture small.
 */
export function vectorizeImage(image: RgbaImage, options: Partial<VectorizeOptions> = {}, outputSize: { width: number; height: number } = image): Scene {
  const o = resolveVectorizeOptions(options);
  const { work, maps } = mergeForRounds(image, o);
  const scene: Scene = { width: work.width, height: work.height, groups: [], rois: [], warnings: [] };
  for (let i = 0; i < o.rounds.length; i++) scene.groups.push(...roundGroups(work, maps, o, i, () => {}));
  return mapSceneToSize(scene, outputSize.width, outputSize.height);
}
