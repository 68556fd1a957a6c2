import type { PaletteColour } from '../protocol/protocol.ts';
import { parseHexPalette } from '../scene/hex-palette.ts';
import type { Rgba, Scene } from '../scene/scene.ts';

// Palette recolour needs a palette: the document's local paint styles (asked of the sandbox),
// the selection's own colours, or hex values typed by the user (scene/hex-palette.ts parses them).

export type PaletteSource = 'styles' | 'selection' | 'hex';

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
  const h = (v: number) =>
    Math.round(Math.min(1, Math.max(0, v)) * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}${c.a < 1 ? h(c.a) : ''}`;
}

/** The palette a palette-recolour run snaps to, from the chosen source; `error` explains typed hex that does not parse. */
export function resolvePalette(
  source: PaletteSource,
  styles: PaletteColour[],
  hexText: string,
  scene: Scene | null,
): { colours: Rgba[]; error: string | null } {
  if (source === 'styles') return { colours: stylesPalette(styles), error: null };
  if (source === 'selection') return { colours: scene ? selectionColours(scene) : [], error: null };
  const parsed = parseHexPalette(hexText);
  return parsed.ok ? { colours: parsed.colours, error: null } : { colours: [], error: hexText.trim() ? parsed.error : null };
}
