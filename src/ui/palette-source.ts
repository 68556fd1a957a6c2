import type { PaletteColour } from '../protocol/protocol.ts';
import type { Rgba, Scene } from '../scene/scene.ts';

// Palette recolour needs a palette: the document's local paint styles (asked of the sandbox),
// the selection's own colours, or hex values typed by the user.

export type PaletteSource = 'styles' | 'selection' | 'hex';

export type HexParse = { ok: true; colours: Rgba[] } | { ok: false; error: string };

/** "#f00, #00ff00 #0000ff80": 3, 6 or 8 hex digits each, separated by commas or spaces. */
export function parseHexPalette(text: string): HexParse {
  const items = text.split(/[\s,;]+/).filter((s) => s !== '');
  if (items.length === 0) return { ok: false, error: 'type at least one colour, e.g. #1e88e5, #ffb300' };
  const colours: Rgba[] = [];
  for (const item of items) {
    const hex = item.replace(/^#/, '');
    if (!/^([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(hex)) return { ok: false, error: `"${item}" is not a hex colour (#rgb, #rrggbb or #rrggbbaa)` };
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    const byte = (i: number) => parseInt(full.slice(i, i + 2), 16) / 255;
    colours.push({ r: byte(0), g: byte(2), b: byte(4), a: full.length === 8 ? byte(6) : 1 });
  }
  return { ok: true, colours };
}

/** The distinct fill colours of a scene, most used (by group count) first. */
export function selectionColours(scene: Scene): Rgba[] {
  const counts = new Map<string, { colour: Rgba; n: number }>();
  for (const g of scene.groups) {
    const key = `${g.fill.r},${g.fill.g},${g.fill.b},${g.fill.a}`;
    const e = counts.get(key);
    if (e) e.n++;
    else counts.set(key, { colour: { ...g.fill }, n: 1 });
  }
  return [...counts.values()].sort((a, b) => b.n - a.n).map((e) => e.colour);
}

export function stylesPalette(styles: PaletteColour[]): Rgba[] {
  return styles.map((s) => s.colour);
}

export function toHex(c: Rgba): string {
  const h = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255).toString(16).padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}${c.a < 1 ? h(c.a) : ''}`;
}
