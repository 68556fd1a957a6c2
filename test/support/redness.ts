import type { RgbaImage } from '../../src/image/rgba-image.ts';

/** Mean of (R - B) / 255 over the pixels that are not white: how red the drawn shapes are (-1 blue .. 1 red). */
export function redness(img: RgbaImage): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) {
    const [r, g, b] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    if (r + g + b > 3 * 250) continue;
    sum += (r - b) / 255;
    n++;
  }
  return n ? sum / n : 0;
}
