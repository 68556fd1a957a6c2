import type { Rgba, Scene } from '../../scene/scene.ts';

// Palette recolour: each group's colour becomes its nearest palette colour, by Euclidean
// distance in OKLab (perceptual; Björn Ottosson's published matrices), so the output uses
// only palette colours, exactly (the palette's own numbers are copied). The group's alpha
// is kept: the palette constrains hue, not the layer's opacity.

function srgbToLinear(c: number): number {
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function rgbToOklab(c: Pick<Rgba, 'r' | 'g' | 'b'>): [number, number, number] {
  const r = srgbToLinear(c.r);
  const g = srgbToLinear(c.g);
  const b = srgbToLinear(c.b);
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

export function nearestPaletteIndex(c: Rgba, paletteLab: readonly [number, number, number][]): number {
  const lab = rgbToOklab(c);
  let best = 0;
  let bestD = Infinity;
  paletteLab.forEach((p, i) => {
    const d = (p[0] - lab[0]) ** 2 + (p[1] - lab[1]) ** 2 + (p[2] - lab[2]) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

/**
 * A new scene with every group's (r, g, b) replaced by the nearest palette colour's; a
 * gradient group's every stop is snapped the same way, and its fill (the stops' mean)
 * becomes the palette colour nearest that mean, so one-colour consumers stay on the palette.
 */
export function projectSceneToPalette(scene: Scene, palette: readonly Rgba[]): Scene {
  if (palette.length === 0) throw new Error('palette recolour needs at least one palette colour');
  const labs = palette.map(rgbToOklab);
  const snap = (c: Rgba): Rgba => {
    const p = palette[nearestPaletteIndex(c, labs)]!;
    return { r: p.r, g: p.g, b: p.b, a: c.a };
  };
  return {
    ...scene,
    groups: scene.groups.map((g) => {
      if (!g.gradient) return { ...g, fill: snap(g.fill) };
      const stops = g.gradient.stops.map((s) => ({ offset: s.offset, color: snap(s.color) }));
      return { ...g, fill: snap(g.fill), gradient: { ...g.gradient, stops } };
    }),
  };
}
