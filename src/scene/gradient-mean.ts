import type { GradientStop, Rgba } from './scene.ts';

// A gradient's one-colour summary: what ShapeGroup.fill holds for a gradient group, so
// consumers that know only flat colours (palettes, thumbnails) still see something faithful.

/**
 * Mean of the piecewise-linear colour ramp over [0, 1], padded with the end stops (offsets
 * sorted, in [0, 1], as the scene keeps them); transparent with no stops (SVG and Figma
 * paint nothing then).
 */
export function meanStopColour(stops: readonly GradientStop[]): Rgba {
  const keys = ['r', 'g', 'b', 'a'] as const;
  const acc = { r: 0, g: 0, b: 0, a: 0 };
  if (stops.length === 0) return acc;
  const first = stops[0]!;
  const last = stops[stops.length - 1]!;
  for (const k of keys) acc[k] += first.color[k] * first.offset + last.color[k] * (1 - last.offset);
  for (let i = 0; i + 1 < stops.length; i++) {
    const a = stops[i]!;
    const b = stops[i + 1]!;
    const w = b.offset - a.offset;
    for (const k of keys) acc[k] += ((a.color[k] + b.color[k]) / 2) * w;
  }
  for (const k of keys) acc[k] = Math.min(1, Math.max(0, acc[k]));
  return acc;
}
