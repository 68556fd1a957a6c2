import { psnr } from '../support/image-metrics.ts';
import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';

// resvg's analytic anti-aliasing treats overlapping pieces of one path (as in our stroke
// outlines) slightly differently from one stroke; box-filtering a 4x render compares
// the covered areas, which is what the scene must preserve.

function boxDownsample(img: RgbaImage, f: number): RgbaImage {
  const w = Math.floor(img.width / f);
  const h = Math.floor(img.height / f);
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 4; c++) {
        let s = 0;
        for (let j = 0; j < f; j++) for (let i = 0; i < f; i++) s += img.data[((y * f + j) * img.width + x * f + i) * 4 + c]!;
        out[(y * w + x) * 4 + c] = Math.round(s / (f * f));
      }
    }
  }
  return { width: w, height: h, data: out };
}

/** PSNR between resvg renders of two SVGs at `width` pixels, supersampled `factor` times. */
export function renderPsnr(svgA: string, svgB: string, width: number, factor = 4): number {
  return psnr(boxDownsample(renderSvgWithResvg(svgA, width * factor), factor), boxDownsample(renderSvgWithResvg(svgB, width * factor), factor));
}
