import type { Rgba, SceneWarning } from '../scene/scene.ts';

// Figma paints as the scene holds them. Solid paints map exactly; linear and radial gradients
// map exactly (figma-gradient.ts), diamond ones become radial, angular ones their mean colour
// (stops weighted by the span they cover); image paints are not colours at all: they go to the
// vectoriser as pixels.

export type PaintReading =
  | { kind: 'colour'; colour: Rgba }
  /** A gradient the scene holds (read-paints.ts places it); `alpha` is paint opacity x layer opacity. */
  | { kind: 'gradient'; shape: 'linear' | 'radial'; paint: GradientPaint; alpha: number }
  | { kind: 'image'; imageHash: string | null }
  | { kind: 'skip' };

/** Straight alpha = paint opacity x the opacity accumulated down the tree. */
export function readPaint(paint: Paint, opacity: number, where: string, warnings: SceneWarning[]): PaintReading {
  if (paint.visible === false) return { kind: 'skip' };
  const paintOpacity = paint.opacity ?? 1;
  if (paint.blendMode !== undefined && paint.blendMode !== 'NORMAL' && paint.blendMode !== 'PASS_THROUGH') {
    warnings.push({ where, message: `paint blend mode ${paint.blendMode} is drawn as NORMAL` });
  }
  switch (paint.type) {
    case 'SOLID':
      return { kind: 'colour', colour: { r: paint.color.r, g: paint.color.g, b: paint.color.b, a: paintOpacity * opacity } };
    case 'GRADIENT_LINEAR':
    case 'GRADIENT_RADIAL':
      return { kind: 'gradient', shape: paint.type === 'GRADIENT_LINEAR' ? 'linear' : 'radial', paint, alpha: paintOpacity * opacity };
    case 'GRADIENT_DIAMOND':
      // Same handles as a radial one (centre, then the two half-axes); only the level sets differ.
      warnings.push({ where, message: 'GRADIENT_DIAMOND approximated by a radial gradient on the same handles (ellipses instead of diamonds)' });
      return { kind: 'gradient', shape: 'radial', paint, alpha: paintOpacity * opacity };
    case 'GRADIENT_ANGULAR': {
      // A sweep around the centre has no radial or linear likeness: its mean colour is the honest summary.
      const mean = meanStopColour(paint.gradientStops);
      warnings.push({ where, message: 'GRADIENT_ANGULAR approximated by its mean colour (the scene has no angular gradients)' });
      return { kind: 'colour', colour: { r: mean.r, g: mean.g, b: mean.b, a: mean.a * paintOpacity * opacity } };
    }
    case 'IMAGE':
      warnings.push({ where, message: 'image fill exported as pixels for the vectoriser; it is not part of the vector scene' });
      return { kind: 'image', imageHash: paint.imageHash };
    default:
      warnings.push({ where, message: `${paint.type} paint cannot be represented and is left out` });
      return { kind: 'skip' };
  }
}

/** Mean of the piecewise-linear colour ramp over [0, 1], flat before the first and after the last stop. */
export function meanStopColour(stops: readonly ColorStop[]): Rgba {
  const s = [...stops].sort((a, b) => a.position - b.position);
  if (s.length === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const acc = { r: 0, g: 0, b: 0, a: 0 };
  const add = (c: RGBA, w: number) => {
    acc.r += c.r * w;
    acc.g += c.g * w;
    acc.b += c.b * w;
    acc.a += c.a * w;
  };
  const first = s[0]!;
  const last = s[s.length - 1]!;
  add(first.color, Math.max(0, first.position));
  for (let i = 0; i + 1 < s.length; i++) {
    const w = s[i + 1]!.position - s[i]!.position;
    add(s[i]!.color, w / 2);
    add(s[i + 1]!.color, w / 2);
  }
  add(last.color, Math.max(0, 1 - last.position));
  const total = Math.max(1, last.position) - Math.min(0, first.position);
  return { r: acc.r / total, g: acc.g / total, b: acc.b / total, a: acc.a / total };
}
