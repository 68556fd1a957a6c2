import ImageTracer from 'imagetracerjs';
import type { RgbaImage } from '../../../src/image/rgba-image.ts';

// imagetracerjs (the yardstick tracer): its own colour quantisation and tracing, its own SVG.

interface ImageTracerApi {
  imagedataToSVG(image: { width: number; height: number; data: Uint8ClampedArray }, options: Record<string, number | boolean>): string;
}

/** SVG from imagetracerjs at `colors` colours; `pathomit` drops paths shorter than that many edge nodes. */
export function imageTracerSvg(image: RgbaImage, colors: number, pathomit: number): string {
  // The library fills defaults into the options object it is given: pass a fresh one.
  return (ImageTracer as unknown as ImageTracerApi).imagedataToSVG(image, { numberofcolors: colors, pathomit });
}

/** <path> elements: one per traced shape (holes ride inside, like our shape groups). */
export function countSvgPathElements(svg: string): number {
  return (svg.match(/<path\b/g) ?? []).length;
}
