import { distance, palette as paletteQ, utils } from 'image-q';
import type { RgbaImage } from '../../image/rgba-image.ts';

// Colour quantisation: image-q's Wu quantiser builds the palette from a sample (fast, deterministic, good
// on photos); each pixel then takes its nearest palette colour without dithering, because
// dithering would shatter flat areas into specks that the tracer would have to trace.

export interface QuantizedImage {
  width: number;
  height: number;
  /** Palette index of every pixel. */
  labels: Uint8Array;
  /** RGB triplets, 0..255. */
  palette: Uint8Array;
  colorCount: number;
}

const PALETTE_SAMPLE = 32768;
// Wu's moment tables have (2^bits + 1)^4 cells (image-q keeps an alpha axis): 4 bits is 16x
// less work than the default 5; box means, not box corners, become the colours, and regions
// are filled with their own mean colour anyway.
const WU_SIGNIFICANT_BITS = 4;

export function quantizeColors(image: RgbaImage, colors: number): QuantizedImage {
  if (!Number.isInteger(colors) || colors < 2 || colors > 256) throw new RangeError(`colour count must be an integer in 2..256, got ${colors}`);
  const { width, height, data } = image;
  // image-q builds one object per pixel; a regular sample of at most PALETTE_SAMPLE pixels
  // gives the same palette at a fraction of the time (Wu works on a colour histogram anyway).
  const n = width * height;
  const step = Math.max(1, Math.floor(n / PALETTE_SAMPLE));
  const sample = new Uint8Array(Math.ceil(n / step) * 4);
  let m = 0;
  for (let p = 0; p < n; p += step, m++) sample.set(data.subarray(p * 4, p * 4 + 4), m * 4);
  const container = utils.PointContainer.fromUint8Array(sample.subarray(0, m * 4), m, 1);
  const wu = new paletteQ.WuQuant(new distance.EuclideanBT709NoAlpha(), colors, WU_SIGNIFICANT_BITS);
  wu.sample(container);
  const points = wu.quantizeSync().getPointContainer().getPointArray();
  const colorCount = points.length;
  const palette = new Uint8Array(colorCount * 3);
  points.forEach((p, i) => {
    palette[i * 3] = p.r;
    palette[i * 3 + 1] = p.g;
    palette[i * 3 + 2] = p.b;
  });
  const labels = new Uint8Array(width * height);
  // BT.709-weighted squared distance, matching the palette builder's metric.
  const wr = 0.2126, wg = 0.7152, wb = 0.0722;
  for (let p = 0; p < width * height; p++) {
    const r = data[p * 4]!, g = data[p * 4 + 1]!, b = data[p * 4 + 2]!;
    let best = 0;
    let bestD = Infinity;
    for (let k = 0; k < colorCount; k++) {
      const dr = r - palette[k * 3]!, dg = g - palette[k * 3 + 1]!, db = b - palette[k * 3 + 2]!;
      const d = wr * dr * dr + wg * dg * dg + wb * db * db;
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    labels[p] = best;
  }
  return { width, height, labels, palette, colorCount };
}
