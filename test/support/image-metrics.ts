import type { RgbaImage } from '../../src/image/rgba-image.ts';

// Image-quality yardsticks used by tests and benchmarks. Both compare RGB only, after
// compositing over white, because every render we compare is shown on a white canvas.

function rgbOverWhite(img: RgbaImage, i: number, c: number): number {
  const a = img.data[i + 3]! / 255;
  return img.data[i + c]! * a + 255 * (1 - a);
}

function assertSameSize(a: RgbaImage, b: RgbaImage): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`image sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  }
}

/** Peak signal-to-noise ratio in dB over RGB (Infinity for identical images). */
export function psnr(a: RgbaImage, b: RgbaImage): number {
  assertSameSize(a, b);
  let se = 0;
  const n = a.width * a.height;
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) {
      const d = rgbOverWhite(a, p * 4, c) - rgbOverWhite(b, p * 4, c);
      se += d * d;
    }
  }
  const mse = se / (n * 3);
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** Mean SSIM of the luma channel over 8x8 windows with stride 4 (Wang et al. constants). */
export function ssim(a: RgbaImage, b: RgbaImage): number {
  assertSameSize(a, b);
  const { width: w, height: h } = a;
  const luma = (img: RgbaImage) => {
    const out = new Float64Array(w * h);
    for (let p = 0; p < w * h; p++) {
      out[p] = 0.299 * rgbOverWhite(img, p * 4, 0) + 0.587 * rgbOverWhite(img, p * 4, 1) + 0.114 * rgbOverWhite(img, p * 4, 2);
    }
    return out;
  };
  const x = luma(a);
  const y = luma(b);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  const win = 8;
  let sum = 0;
  let count = 0;
  for (let y0 = 0; y0 + win <= h; y0 += 4) {
    for (let x0 = 0; x0 + win <= w; x0 += 4) {
      let mx = 0,
        my = 0;
      for (let j = 0; j < win; j++)
        for (let i = 0; i < win; i++) {
          const p = (y0 + j) * w + x0 + i;
          mx += x[p]!;
          my += y[p]!;
        }
      const n = win * win;
      mx /= n;
      my /= n;
      let vx = 0,
        vy = 0,
        cov = 0;
      for (let j = 0; j < win; j++)
        for (let i = 0; i < win; i++) {
          const p = (y0 + j) * w + x0 + i;
          const dx = x[p]! - mx;
          const dy = y[p]! - my;
          vx += dx * dx;
          vy += dy * dy;
          cov += dx * dy;
        }
      vx /= n - 1;
      vy /= n - 1;
      cov /= n - 1;
      sum += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  }
  return count === 0 ? 1 : sum / count;
}
