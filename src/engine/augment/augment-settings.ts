// The CLIPVG patch-augmentation constants (docs/clipvg-method.md section 3, reference roi.py).

export interface AugmentSettings {
  /** Random patches per ROI and iteration (CLIPVG: 64). */
  patchesPerRoi: number;
  /** Patch side as a fraction of max(w, h) of the ROI (CLIPVG: 0.8). */
  patchSizeFraction: number;
  /** ROI-view crop side as a fraction of the padded square (CLIPVG: 0.98). */
  roiViewCropFraction: number;
  /** RandomPerspective distortion_scale (CLIPVG: 0.3). */
  distortion: number;
  /** Probability of a horizontal flip per patch (reference roi.py: RandomHorizontalFlip(p=0.3)). */
  flipProbability: number;
  /** Side of every output image (CLIP's input: 224). */
  outputSize: number;
}

export const DEFAULT_AUGMENT_SETTINGS: Readonly<AugmentSettings> = Object.freeze({
  patchesPerRoi: 64,
  patchSizeFraction: 0.8,
  roiViewCropFraction: 0.98,
  distortion: 0.3,
  flipProbability: 0.3,
  outputSize: 224,
});

export function checkAugmentSettings(s: AugmentSettings): void {
  const bad = (what: string): never => {
    throw new Error(`augment settings: ${what}`);
  };
  if (!Number.isInteger(s.patchesPerRoi) || s.patchesPerRoi < 0) bad(`patchesPerRoi must be a whole number >= 0, got ${s.patchesPerRoi}`);
  if (!(s.patchSizeFraction > 0 && s.patchSizeFraction <= 1)) bad(`patchSizeFraction must be in (0, 1], got ${s.patchSizeFraction}`);
  if (!(s.roiViewCropFraction > 0 && s.roiViewCropFraction <= 1)) bad(`roiViewCropFraction must be in (0, 1], got ${s.roiViewCropFraction}`);
  if (!(s.distortion >= 0 && s.distortion < 1)) bad(`distortion must be in [0, 1), got ${s.distortion}`);
  if (!(s.flipProbability >= 0 && s.flipProbability <= 1)) bad(`flipProbability must be in [0, 1], got ${s.flipProbability}`);
  if (!Number.isInteger(s.outputSize) || s.outputSize < 1 || s.outputSize > 4096) bad(`outputSize must be a whole number in [1, 4096], got ${s.outputSize}`);
}
