import { meanStopColour } from '../scene/gradient-mean.ts';
import type { Rgba, SceneWarning } from '../scene/scene.ts';
import { stopsFromFigma } from './figma-gradient.ts';

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
      warnings.push({ where, message: 'GRADIENT_ANGULAR approximated by its mean colour (the scene has no angular gradients)' });
      return { kind: 'colour', colour: meanStopColour(stopsFromFigma(paint.gradientStops, paintOpacity * opacity)) };
    }
    case 'IMAGE':
      warnings.push({ where, message: 'image fill exported as pixels for the vectoriser; it is not part of the vector scene' });
      return { kind: 'image', imageHash: paint.imageHash };
    default:
      warnings.push({ where, message: `${paint.type} paint cannot be represented and is left out` });
      return { kind: 'skip' };
  }
}
