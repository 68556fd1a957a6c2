import jpeg from 'jpeg-js';
import { ImageDecodeError } from './decode-image-error.ts';
import type { ImageHeader } from './decode-image-header.ts';
import type { RowSource } from './resize-area.ts';

// JPEG through jpeg-js (pure JS): baseline and progressive, grey, YCbCr, and Adobe CMYK/YCCK.

/** Decoder memory cap, above what a MAX_PIXELS RGBA image plus jpeg-js's component planes need. */
const JPEG_MEMORY_MB = 1024;

export function decodeJpegRows(bytes: Uint8Array, header: ImageHeader): RowSource {
  if (header.colorKind === 4 && !header.jpegAdobe) {
    throw new ImageDecodeError('CMYK JPEG without an Adobe colour marker is not supported: save it as RGB');
  }
  if (header.colorKind !== 1 && header.colorKind !== 3 && header.colorKind !== 4) {
    throw new ImageDecodeError(`JPEG with ${header.colorKind} colour components is not supported`);
  }
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxResolutionInMP: 1000,
      maxMemoryUsageInMB: JPEG_MEMORY_MB,
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ImageDecodeError(`JPEG file is corrupt or truncated (${why})`);
  }
  const { width, height, data } = img;
  if (data.length < width * height * 4) throw new ImageDecodeError('JPEG file is corrupt: decoder returned too few pixels');
  return {
    width,
    height,
    readRow(y, out) {
      const base = y * width * 4;
      for (let x = 0; x < width; x++) {
        out[x * 3] = data[base + x * 4]!;
        out[x * 3 + 1] = data[base + x * 4 + 1]!;
        out[x * 3 + 2] = data[base + x * 4 + 2]!;
      }
    },
  };
}
