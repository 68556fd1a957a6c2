import type { RgbaImage } from '../../image/rgba-image.ts';

// Twin of preview-blit.wgsl at equal size: the rasteriser's f32 straight RGBA (over white)
// to 8-bit RGBA, clamped to [0,1] and rounded; the preview snapshots use it directly.

export function renderToRgba8(render: Float32Array, width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) {
    const v = render[i]!;
    data[i] = Math.round(Math.min(1, Math.max(0, Number.isNaN(v) ? 0 : v)) * 255);
  }
  return { width, height, data };
}
