import { invertAffine, multiplyAffine, type Affine as FigmaAffine } from '../scene/figma-path-data.ts';
import type { Affine, Gradient, GradientStop } from '../scene/scene.ts';

// Figma gradients <-> scene gradients. GradientPaint.gradientTransform ("the positioning of the
// gradient within the layer", plugin typings) maps the layer's normalised box, (0, 0) at the
// top left and (1, 1) at the bottom right of its width x height, to gradient space, where
// Figma's documented handles (GradientPaint.gradientHandlePositions: start = value 0, end =
// value 1, third = the width) sit at (0, 0.5), (1, 0.5) and (0, 1). So a linear gradient runs
// from (0, 0.5) to (1, 0.5) in gradient space, and a radial one (an ellipse in the layer) is
// the circle of centre (0.5, 0.5) through (1, 0.5). The scene keeps that gradient space and
// puts everything else into its transform: node box -> node -> canvas.

/** Figma's [[a, c, e], [b, d, f]] as the scene's [a, b, c, d, e, f]. */
export function flatAffine(m: FigmaAffine): Affine {
  return [m[0][0], m[1][0], m[0][1], m[1][1], m[0][2], m[1][2]];
}

export function nestedAffine(m: Affine): FigmaAffine {
  return [
    [m[0], m[2], m[4]],
    [m[1], m[3], m[5]],
  ];
}

/** The node's normalised box (0..1) -> its own coordinates. */
function boxScale(width: number, height: number): FigmaAffine {
  return [
    [width, 0, 0],
    [0, height, 0],
  ];
}

/** Stops sorted, positions clamped to [0, 1], `alpha` (paint and layer opacity) folded into each colour. */
export function stopsFromFigma(stops: readonly ColorStop[], alpha: number): GradientStop[] {
  return [...stops]
    .sort((a, b) => a.position - b.position)
    .map((s) => ({
      offset: Math.min(1, Math.max(0, s.position)),
      color: { r: s.color.r, g: s.color.g, b: s.color.b, a: Math.min(1, Math.max(0, s.color.a * alpha)) },
    }));
}

/**
 * A GRADIENT_LINEAR or GRADIENT_RADIAL paint as a scene gradient, given the node's own
 * coordinates -> canvas map and the node's size. Null when the box or the transform is singular.
 */
export function gradientFromFigma(
  kind: 'linear' | 'radial',
  gradientTransform: Transform,
  stops: GradientStop[],
  nodeToCanvas: FigmaAffine,
  width: number,
  height: number,
): Gradient | null {
  const t: FigmaAffine = [
    [gradientTransform[0][0], gradientTransform[0][1], gradientTransform[0][2]],
    [gradientTransform[1][0], gradientTransform[1][1], gradientTransform[1][2]],
  ];
  let gradientToBox: FigmaAffine;
  try {
    gradientToBox = invertAffine(t);
  } catch {
    return null;
  }
  if (!(Math.abs(width * height) > 1e-12)) return null;
  const transform = flatAffine(multiplyAffine(nodeToCanvas, multiplyAffine(boxScale(width, height), gradientToBox)));
  if (!transform.every(Number.isFinite)) return null;
  const base = { stops, spread: 'pad' as const, transform };
  return kind === 'linear' ? { kind, x1: 0, y1: 0.5, x2: 1, y2: 0.5, ...base } : { kind, cx: 0.5, cy: 0.5, r: 0.5, fx: 0.5, fy: 0.5, fr: 0, ...base };
}

/** Figma's canonical gradient space -> the scene gradient's own space (its geometry folded in). */
function canonicalToGradient(g: Gradient): FigmaAffine {
  if (g.kind === 'linear') {
    // (u, v) -> P1 + u d + (v - 0.5) perp(d): projection onto d gives back u, so t is unchanged.
    const dx = g.x2 - g.x1;
    const dy = g.y2 - g.y1;
    return [
      [dx, -dy, g.x1 + 0.5 * dy],
      [dy, dx, g.y1 - 0.5 * dx],
    ];
  }
  const s = 2 * g.r;
  return [
    [s, 0, g.cx - 0.5 * s],
    [0, s, g.cy - 0.5 * s],
  ];
}

/** What Figma cannot draw of a scene gradient (its gradients pad, and its radial ones have no focal point). */
export function figmaLosses(g: Gradient): string[] {
  const out: string[] = [];
  if (g.spread !== 'pad') out.push(`spread '${g.spread}' drawn as pad (Figma's gradients always pad)`);
  if (g.kind === 'radial' && (Math.hypot(g.fx - g.cx, g.fy - g.cy) > 1e-9 * Math.max(1, g.r) || g.fr > 0)) {
    out.push("the focal point and focal radius are dropped (Figma's radial gradients are centred)");
  }
  return out;
}

/**
 * A scene gradient as a Figma gradientTransform for a node whose own coordinates map to canvas
 * by `nodeToCanvas` and whose size is width x height; null when the node's box has no area or
 * the gradient is degenerate (zero length or radius).
 */
export function gradientTransformToFigma(g: Gradient, nodeToCanvas: FigmaAffine, width: number, height: number): Transform | null {
  if (!(Math.abs(width * height) > 1e-12)) return null;
  try {
    // box -> canvas, then canvas -> gradient space -> Figma's canonical space.
    const canvasToCanonical = invertAffine(multiplyAffine(nestedAffine(g.transform), canonicalToGradient(g)));
    const t = multiplyAffine(canvasToCanonical, multiplyAffine(nodeToCanvas, boxScale(width, height)));
    if (!t.flat().every(Number.isFinite)) return null;
    return t;
  } catch {
    return null;
  }
}

/** A copy sharing nothing with `g` (the sandbox may lack structuredClone), so groups never alias one gradient. */
export function copyGradient(g: Gradient): Gradient {
  return { ...g, stops: g.stops.map((s) => ({ offset: s.offset, color: { ...s.color } })), transform: [...g.transform] as Affine };
}

/** Scene stops as Figma ColorStops (alpha in the colour: the paint's opacity stays 1). */
export function stopsToFigma(stops: readonly GradientStop[]): ColorStop[] {
  return stops.map((s) => ({ position: s.offset, color: { r: s.color.r, g: s.color.g, b: s.color.b, a: s.color.a } }));
}
