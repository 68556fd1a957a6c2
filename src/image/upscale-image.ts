import type { RgbaImage } from './rgba-image.ts';

// Enlarging a small picture the way renderers show it: bilinear (SVG's image-rendering auto,
// pixel centres at half-integers, edges clamped) or nearest neighbour (optimizeSpeed,
// pixelated). Tracing the enlarged copy gives outlines that follow the shading a renderer
// draws rather than the source's pixel squares.

export type UpscaleFilter = 'bilinear' | 'nearest';

export function upscaleImage(image: RgbaImage, width: number, height: number, filter: UpscaleFilter): RgbaImage {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= image.width && height >= image.height)) {
    throw new RangeError(`upscaleImage: ${width}x${height} is not a whole size at least ${image.width}x${image.height}`);
  }
  const { width: sw, height: sh, data: src } = image;
  const out = new Uint8ClampedArray(width * height * 4);
  const kx = sw / width;
  const ky = sh / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * ky - 0.5, 0), sh - 1);
    const y0 = filter === 'nearest' ? Math.min(sh - 1, Math.floor((y + 0.5) * ky)) : Math.floor(fy);
    const y1 = Math.min(y0 + 1, sh - 1);
    const ay = filter === 'nearest' ? 0 : fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * kx - 0.5, 0), sw - 1);
      const x0 = filter === 'nearest' ? Math.min(sw - 1, Math.floor((x + 0.5) * kx)) : Math.floor(fx);
      const x1 = Math.min(x0 + 1, sw - 1);
      const ax = filter === 'nearest' ? 0 : fx - x0;
      const i00 = (y0 * sw + x0) * 4;
      const i10 = (y0 * sw + x1) * 4;
      const i01 = (y1 * sw + x0) * 4;
      const i11 = (y1 * sw + x1) * 4;
      const o = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) {
        const top = src[i00 + c]! * (1 - ax) + src[i10 + c]! * ax;
        const bottom = src[i01 + c]! * (1 - ax) + src[i11 + c]! * ax;
        out[o + c] = top * (1 - ay) + bottom * ay;
      }
    }
  }
  return { width, height, data: out };
}
