import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { rgbToOklab } from '../../src/engine/edit/palette-projection.ts';

// The semantics benchmark's measures, shared with the recolour end-to-end test: the eleven
// basic colours (models/clip-text/basic-colours.json, the rule the training captions use
// too), OKLab nearest-colour names, and the recolour success rule of issue 11: a pair
// succeeds when at least half the icon's pixels end nearest (OKLab) to the named colour.
// "The icon's pixels" are the pixels that are not white in the source render (over white),
// so the set is fixed before the edit and a recolour to white can succeed too.

const COLOURS_JSON = fileURLToPath(new URL('../../models/clip-text/basic-colours.json', import.meta.url));

export const BASIC_COLOURS: Readonly<Record<string, readonly [number, number, number]>> = Object.freeze(
  Object.fromEntries(
    Object.entries((JSON.parse(readFileSync(COLOURS_JSON, 'utf8')) as { colours: Record<string, string> }).colours).map(([name, hex]) => [
      name,
      [Number.parseInt(hex.slice(1, 3), 16), Number.parseInt(hex.slice(3, 5), 16), Number.parseInt(hex.slice(5, 7), 16)] as const,
    ]),
  ),
);
export const COLOUR_NAMES: readonly string[] = Object.keys(BASIC_COLOURS);

/** A pixel is the icon's when some channel is below this (over white). */
export const NON_WHITE_BELOW = 247;

/** sRGB 0..255 to OKLab: the engine's own conversion (palette mode), as icon_scenes.py does. */
export function oklab(r: number, g: number, b: number): [number, number, number] {
  return rgbToOklab({ r: r / 255, g: g / 255, b: b / 255 });
}

const PROTOS = COLOUR_NAMES.map((n) => oklab(...BASIC_COLOURS[n]!));

/** Name of the basic colour nearest in OKLab. */
export function colourName(r: number, g: number, b: number): string {
  const p = oklab(r, g, b);
  let best = 0;
  let bestD = Infinity;
  PROTOS.forEach((q, i) => {
    const d = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2;
    if (d < bestD) (bestD = d), (best = i);
  });
  return COLOUR_NAMES[best]!;
}

/** Indices (pixel numbers) of the source render's non-white pixels. */
export function iconPixels(source: RgbaImage): number[] {
  const out: number[] = [];
  for (let i = 0; i < source.width * source.height; i++) {
    const d = source.data;
    if (Math.min(d[4 * i]!, d[4 * i + 1]!, d[4 * i + 2]!) < NON_WHITE_BELOW) out.push(i);
  }
  return out;
}

/** Share of each colour name over the given pixels of an image. */
export function colourShares(img: RgbaImage, pixels: readonly number[]): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(COLOUR_NAMES.map((n) => [n, 0]));
  for (const i of pixels) counts[colourName(img.data[4 * i]!, img.data[4 * i + 1]!, img.data[4 * i + 2]!)]! += 1;
  for (const n of COLOUR_NAMES) counts[n] = pixels.length ? counts[n]! / pixels.length : 0;
  return counts;
}

/** The colour covering most of the icon's pixels. */
export function dominantColour(img: RgbaImage): string {
  const shares = colourShares(img, iconPixels(img));
  return COLOUR_NAMES.reduce((a, b) => (shares[b]! > shares[a]! ? b : a));
}

/** Issue 11's rule: at least half the source's non-white pixels end nearest to `colour`. */
export function recolourSucceeded(source: RgbaImage, edited: RgbaImage, colour: string): { share: number; success: boolean } {
  if (source.width !== edited.width || source.height !== edited.height) throw new Error('renders of different sizes');
  const share = colourShares(edited, iconPixels(source))[colour]!;
  return { share, success: share >= 0.5 };
}
