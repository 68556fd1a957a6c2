import { decodeImageToWorkingSize, type DecodedImage } from '../../image/decode-image.ts';
import type { Scene } from '../../scene/scene.ts';
import { vectorizeImageAsync, type VectorizeProgressCallback } from './vectorize-image.ts';
import { resolveVectorizeOptions, type VectorizeOptions } from './vectorize-options.ts';

// Image file bytes (PNG or JPEG, from a file or a Figma image fill) straight to a vectorised
// scene: decode shrinking to the working size, then the rounds, placed back on the file's
// own width and height (the scene is in source pixels, whatever the working size). Bad files throw
// ImageDecodeError (from ../../image/decode-image-error.ts) with a message for the user.

export interface LoadedImageScene {
  /** In the source picture's pixels: exactly sourceWidth x sourceHeight. */
  scene: Scene;
  /** The working-size picture the scene was traced from (what PSNR is measured against). */
  image: DecodedImage['image'];
  format: DecodedImage['format'];
  sourceWidth: number;
  sourceHeight: number;
}

export async function loadSceneFromImageFileAsync(
  bytes: Uint8Array,
  options: Partial<VectorizeOptions> = {},
  onProgress: VectorizeProgressCallback = () => {},
): Promise<LoadedImageScene> {
  const o = resolveVectorizeOptions(options);
  onProgress({ fraction: 0, stage: 'decode' });
  const decoded = decodeImageToWorkingSize(bytes, { maxSide: o.maxSize });
  const scene = await vectorizeImageAsync(decoded.image, o, onProgress, { width: decoded.sourceWidth, height: decoded.sourceHeight });
  return { scene, image: decoded.image, format: decoded.format, sourceWidth: decoded.sourceWidth, sourceHeight: decoded.sourceHeight };
}
