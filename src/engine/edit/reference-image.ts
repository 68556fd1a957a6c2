import { decodeImageToWorkingSize } from '../../image/decode-image.ts';
import { downscaleArea, workingSize } from '../../image/resize-area.ts';
import type { RgbaImage } from '../../image/rgba-image.ts';

// The image reference's pixels in the form the augmenter samples (the rasteriser's render:
// float32 straight RGB over white, alpha 1), at a working size: CLIP sees 224 px, so a
// photo's full resolution would only cost memory. Its direction is formed in edit-targets.ts.

/** Longest side the reference is kept at (twice CLIP's input, so the area filter has room). */
export const REFERENCE_MAX_SIDE = 448;

export interface ReferencePixels {
  width: number;
  height: number;
  /** width*height*4 float32, RGB in 0..1 over white, A = 1. */
  data: Float32Array;
}

function isRgbaImage(v: RgbaImage | Uint8Array): v is RgbaImage {
  return !(v instanceof Uint8Array) && typeof (v as RgbaImage).width === 'number';
}

/** PNG/JPEG bytes or 8-bit RGBA to the augmenter's render format; throws a clear message for a bad picture. */
export function referencePixels(image: RgbaImage | Uint8Array): ReferencePixels {
  let img: RgbaImage;
  if (isRgbaImage(image)) {
    const { width, height, data } = image;
    if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || data.length !== width * height * 4) {
      throw new Error(`the reference image is malformed: ${width}x${height} with ${data.length} bytes of RGBA`);
    }
    const size = workingSize(width, height, REFERENCE_MAX_SIDE);
    img =
      size.width === width
        ? image
        : downscaleArea(
            {
              width,
              height,
              readRow(y, out) {
                for (let x = 0; x < width; x++) {
                  const i = (y * width + x) * 4;
                  const a = data[i + 3]! / 255;
                  for (let c = 0; c < 3; c++) out[x * 3 + c] = data[i + c]! * a + 255 * (1 - a);
                }
              },
            },
            size.width,
            size.height,
          );
  } else {
    img = decodeImageToWorkingSize(image, { maxSide: REFERENCE_MAX_SIDE }).image;
  }
  const n = img.width * img.height;
  const data = new Float32Array(n * 4);
  for (let p = 0; p < n; p++) {
    const a = img.data[p * 4 + 3]! / 255;
    for (let c = 0; c < 3; c++) data[p * 4 + c] = (img.data[p * 4 + c]! / 255) * a + (1 - a);
    data[p * 4 + 3] = 1;
  }
  return { width: img.width, height: img.height, data };
}
