import { decodeJpegRows } from './decode-jpeg.ts';
import { ImageDecodeError } from './decode-image-error.ts';
import { readImageHeader, type ImageFormat } from './decode-image-header.ts';
import { decodePngRows } from './decode-png.ts';
import { downscaleArea, workingSize } from './resize-area.ts';
import type { RgbaImage } from './rgba-image.ts';

// PNG/JPEG bytes to an opaque working-size picture (alpha composited over white, as every
// render of ours is shown). The size is checked from the header before decoding, and the
// decoded pixels are shrunk right away, row by row, so peak memory is the decoder's own
// 8/16-bit buffer plus the small output: no full-size float copy.

/** 50 megapixels: a 6000x4000 photo (24 MP) or 8K UHD passes; the 8-bit decode stays near 200 MB. */
export const MAX_IMAGE_PIXELS = 50_000_000;

export interface DecodeImageOptions {
  /** Longest side of the result; larger pictures are area-averaged down to it. */
  maxSide: number;
  /** Refuse pictures with more pixels than this (default MAX_IMAGE_PIXELS). */
  maxPixels?: number;
}

export interface DecodedImage {
  image: RgbaImage;
  format: ImageFormat;
  sourceWidth: number;
  sourceHeight: number;
}

export function decodeImageToWorkingSize(bytes: Uint8Array, options: DecodeImageOptions): DecodedImage {
  const header = readImageHeader(bytes);
  const { width, height, format } = header;
  const kind = format.toUpperCase();
  if (width === 0 || height === 0) throw new ImageDecodeError(`${kind} image has zero size (${width}x${height})`);
  const maxPixels = options.maxPixels ?? MAX_IMAGE_PIXELS;
  if (width * height > maxPixels) {
    const mp = (n: number) => (n / 1e6).toFixed(1);
    throw new ImageDecodeError(`${kind} image is too large: ${width}x${height} is ${mp(width * height)} megapixels, the limit is ${mp(maxPixels)}`);
  }
  const rows = format === 'png' ? decodePngRows(bytes) : decodeJpegRows(bytes, header);
  if (rows.width !== width || rows.height !== height) {
    throw new ImageDecodeError(`${kind} file is corrupt: header says ${width}x${height}, data is ${rows.width}x${rows.height}`);
  }
  const size = workingSize(width, height, options.maxSide);
  return { image: downscaleArea(rows, size.width, size.height), format, sourceWidth: width, sourceHeight: height };
}
