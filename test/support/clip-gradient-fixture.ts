// The gradient fixture stored beside each tiny random CLIP (models/<name>/gradient-fixture.json,
// written from PyTorch) and its stated pixel formula. Shared by the Node test and the Chromium
// page, so no Node imports here.
import { base64ToBytes } from '../../src/engine/gpu/base64-floats.ts';

export interface ClipGradientFixture {
  clipMean: number[];
  clipStd: number[];
  images: { rgbBase64: string }[];
  weights: number[];
  deltaT: number[][];
  reference: number[][];
  imageEmbeds: number[][];
  losses: number[];
  totalLoss: number;
  gradient: { shape: number[]; base64: string };
}

/** The fixture's 224 px RGB images as CLIP-normalised pixel_values, [batch, 3, 224, 224]. */
export function fixturePixels(f: ClipGradientFixture): Float64Array {
  const n = 224 * 224;
  const out = new Float64Array(f.images.length * 3 * n);
  f.images.forEach((img, b) => {
    const rgb = base64ToBytes(img.rgbBase64);
    for (let p = 0; p < n; p++) for (let c = 0; c < 3; c++) out[(b * 3 + c) * n + p] = (rgb[p * 3 + c]! / 255 - f.clipMean[c]!) / f.clipStd[c]!;
  });
  return out;
}
