import { affineMat3, homographyFromQuads, mat3Multiply, type Mat3, type Point } from './homography.ts';
import { packAugmentParams, type AugmentImage, type ValidRect } from './augment-params.ts';
import { checkAugmentSettings, DEFAULT_AUGMENT_SETTINGS, type AugmentSettings } from './augment-settings.ts';
import { mixSeed, mulberry32 } from '../random/seeded-random.ts';

// Draws the CLIPVG augmentation of every ROI for one iteration, each image as ONE
// homography (output pixel -> canvas pixel) plus a valid rectangle (white elsewhere).
// The reference (roi.py) chains RandomCrop -> RandomPerspective -> RandomHorizontalFlip
// -> F.interpolate(bicubic, 224); here the chain is composed into one map and sampled once
// with the bicubic kernel, in continuous coordinates (no integer rounding of offsets).

export interface AugmentRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface AugmentBatch {
  outputSize: number;
  /** Per ROI: its ROI view, then its patches (ROI after ROI). */
  images: AugmentImage[];
  /** packAugmentParams(images): upload as is. */
  params: Float32Array;
}

function checkRois(rois: readonly AugmentRect[]): void {
  if (rois.length === 0) throw new Error('augment: at least one ROI is needed');
  rois.forEach((r, k) => {
    const ok = [r.x, r.y, r.width, r.height].every(Number.isFinite) && r.width > 0 && r.height > 0;
    if (!ok) throw new Error(`augment: ROI ${k} must have finite x, y and positive width, height; got ${r.x},${r.y},${r.width},${r.height}`);
  });
}

function intersect(a: ValidRect, b: ValidRect): ValidRect {
  return { x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) };
}

function roiRect(r: AugmentRect): ValidRect {
  return { x0: r.x, y0: r.y, x1: r.x + r.width, y1: r.y + r.height };
}

/** Square crop of side `side` at (x, y) resized to outputSize: a pure scale + offset. */
function squareCrop(roiIndex: number, kind: AugmentImage['kind'], roi: AugmentRect, x: number, y: number, side: number, outputSize: number): AugmentImage {
  const k = side / outputSize;
  const crop = { x0: x, y0: y, x1: x + side, y1: y + side };
  return { roiIndex, kind, toCanvas: affineMat3(k, k, x, y), valid: intersect(roiRect(roi), crop), crop, flipped: false };
}

/**
 * ROI view: the ROI centred in a white square of side s = max(w, h), then a crop of side
 * roiViewCropFraction * s at a uniform random offset inside that square.
 */
function roiView(roiIndex: number, roi: AugmentRect, s: AugmentSettings, rand: () => number): AugmentImage {
  const side = Math.max(roi.width, roi.height);
  const c = side * s.roiViewCropFraction;
  const qx = roi.x + roi.width / 2 - side / 2;
  const qy = roi.y + roi.height / 2 - side / 2;
  const x = qx + rand() * (side - c);
  const y = qy + rand() * (side - c);
  return squareCrop(roiIndex, 'roi-view', roi, x, y, c, s.outputSize);
}

/**
 * One patch. Crop of side p = patchSizeFraction * max(w, h); per axis the start is
 * a + t * (L - p), t ~ U[0, 1), for the ROI's extent [a, a + L): inside the ROI when L >= p,
 * and a window holding the whole extent with white around it when L < p. That is
 * torchvision RandomCrop(p, pad_if_needed=True, fill=white) on the ROI, as in roi.py; for a
 * square ROI it is a random crop of the padded square leaving 0.2 * side of play.
 * Then RandomPerspective(distortion, fill white) as torchvision draws it (each corner moved
 * inwards by U[0, distortion * p / 2] per axis, output corner -> input corner), then a
 * horizontal flip with flipProbability, then the resize to outputSize.
 */
function patch(roiIndex: number, roi: AugmentRect, s: AugmentSettings, rand: () => number): AugmentImage {
  const p = Math.max(roi.width, roi.height) * s.patchSizeFraction;
  const cx = roi.x + rand() * (roi.width - p);
  const cy = roi.y + rand() * (roi.height - p);
  const d = (s.distortion * p) / 2;
  const moved: Point[] = [
    [d * rand(), d * rand()],
    [p - d * rand(), d * rand()],
    [p - d * rand(), p - d * rand()],
    [d * rand(), p - d * rand()],
  ];
  const corners: Point[] = [
    [0, 0],
    [p, 0],
    [p, p],
    [0, p],
  ];
  const perspective = homographyFromQuads(moved, corners);
  const flipped = rand() < s.flipProbability;
  const flip: Mat3 = flipped ? affineMat3(-1, 1, p, 0) : affineMat3(1, 1, 0, 0);
  const k = p / s.outputSize;
  const toCrop = mat3Multiply(perspective, mat3Multiply(flip, affineMat3(k, k, 0, 0)));
  const toCanvas = mat3Multiply(affineMat3(1, 1, cx, cy), toCrop);
  const crop = { x0: cx, y0: cy, x1: cx + p, y1: cy + p };
  return { roiIndex, kind: 'patch', toCanvas, valid: intersect(roiRect(roi), crop), crop, flipped };
}

/**
 * Images for one iteration: for each ROI its ROI view, then patchesPerRoi patches. The
 * draws for (seed, iteration, ROI) come from their own stream, so an iteration can be
 * re-drawn alone and ROIs do not shift each other's patches.
 */
export function sampleAugmentBatch(
  seed: number,
  iteration: number,
  rois: readonly AugmentRect[],
  settings: AugmentSettings = DEFAULT_AUGMENT_SETTINGS,
): AugmentBatch {
  checkRois(rois);
  checkAugmentSettings(settings);
  if (!Number.isInteger(seed) || !Number.isInteger(iteration) || iteration < 0) {
    throw new Error(`augment: seed and iteration must be whole numbers (iteration >= 0), got ${seed}, ${iteration}`);
  }
  const images: AugmentImage[] = [];
  rois.forEach((roi, r) => {
    const rand = mulberry32(mixSeed(seed, iteration, r));
    images.push(roiView(r, roi, settings, rand));
    for (let n = 0; n < settings.patchesPerRoi; n++) images.push(patch(r, roi, settings, rand));
  });
  return { outputSize: settings.outputSize, images, params: packAugmentParams(images) };
}

/**
 * The fixed image per ROI that the reference features come from (crop_A(I_src)): the ROI
 * centred in its white square of side max(w, h), whole, resized to outputSize.
 */
export function referenceBatch(rois: readonly AugmentRect[], outputSize: number = DEFAULT_AUGMENT_SETTINGS.outputSize): AugmentBatch {
  checkRois(rois);
  checkAugmentSettings({ ...DEFAULT_AUGMENT_SETTINGS, outputSize });
  const images = rois.map((roi, r) => {
    const side = Math.max(roi.width, roi.height);
    return squareCrop(r, 'reference', roi, roi.x + roi.width / 2 - side / 2, roi.y + roi.height / 2 - side / 2, side, outputSize);
  });
  return { outputSize, images, params: packAugmentParams(images) };
}
