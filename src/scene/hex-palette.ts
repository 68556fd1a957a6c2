import type { Rgba } from './scene.ts';

// The one parser of a typed palette, for the CLI's --palette and the plugin's hex field.
// Palette colours are opaque: palette recolour keeps each shape's own opacity (see
// engine/edit/palette-projection.ts), so an alpha digit would be silently ignored; it is
// refused instead, with the reason.

export type HexPaletteParse = { ok: true; colours: Rgba[] } | { ok: false; error: string };

/** "#f00, #00ff00 0000ff": #rgb or #rrggbb each ('#' optional), separated by commas, semicolons or spaces. */
export function parseHexPalette(text: string): HexPaletteParse {
  const items = text.split(/[\s,;]+/).filter((s) => s !== '');
  if (items.length === 0) return { ok: false, error: 'type at least one colour, e.g. #1e88e5, #ffb300' };
  const colours: Rgba[] = [];
  for (const item of items) {
    const hex = item.replace(/^#/, '');
    if (/^([0-9a-f]{4}|[0-9a-f]{8})$/i.test(hex)) {
      return { ok: false, error: `"${item}" has an alpha digit: palette colours are opaque (each shape keeps its own opacity); use #rgb or #rrggbb` };
    }
    if (!/^([0-9a-f]{3}|[0-9a-f]{6})$/i.test(hex)) return { ok: false, error: `"${item}" is not a hex colour (#rgb or #rrggbb)` };
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    const byte = (i: number) => parseInt(full.slice(i, i + 2), 16) / 255;
    colours.push({ r: byte(0), g: byte(2), b: byte(4), a: 1 });
  }
  return { ok: true, colours };
}
