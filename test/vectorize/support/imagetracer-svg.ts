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

/** imagetracerjs with the pathomit (from a fixed ladder) whose shape count comes closest to `budget`. */
export function imageTracerSvgNearShapeCount(image: RgbaImage, colors: number, budget: number): { svg: string; pathomit: number; shapes: number; ms: number } {
  let best: { svg: string; pathomit: number; shapes: number; ms: number } | undefined;
  for (const pathomit of [8, 12, 16, 24, 32, 48]) {
    const t = performance.now();
    const svg = imageTracerSvg(image, colors, pathomit);
    const ms = performance.now() - t;
    const shapes = countSvgPathElements(svg);
    if (!best || Math.abs(shapes - budget) < Math.abs(best.shapes - budget)) best = { svg, pathomit, shapes, ms };
    if (shapes <= budget) break; // larger pathomit only drops more
  }
  return best!;
}
