import { Resvg } from '@resvg/resvg-js';
import type { RgbaImage } from '../../src/image/rgba-image.ts';

/** The independent renderer of our tests: resvg, at an exact pixel size, over white unless told otherwise. */
export function renderSvgWithResvg(svg: string, width: number, background: string | undefined = 'white'): RgbaImage {
  const r = new Resvg(svg, { fitTo: { mode: 'width', value: width }, background, font: { loadSystemFonts: false } });
  const img = r.render();
  return { width: img.width, height: img.height, data: new Uint8ClampedArray(img.pixels) };
}
