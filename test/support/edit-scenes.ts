import { PathBuilder } from '../../src/scene/path-builder.ts';
import type { Rgba, Scene, ShapeGroup } from '../../src/scene/scene.ts';

// Tiny scenes for the edit tests (SwiftShader is slow: 64 px canvases).

const K = 0.5522847498;

export function circleGroup(cx: number, cy: number, r: number, fill: Rgba, name: string): ShapeGroup {
  const b = new PathBuilder();
  const k = K * r;
  b.moveTo(cx + r, cy);
  b.cubicTo(cx + r, cy + k, cx + k, cy + r, cx, cy + r);
  b.cubicTo(cx - k, cy + r, cx - r, cy + k, cx - r, cy);
  b.cubicTo(cx - r, cy - k, cx - k, cy - r, cx, cy - r);
  b.cubicTo(cx + k, cy - r, cx + r, cy - k, cx + r, cy);
  b.close();
  return { fill, fillRule: 'nonzero', paths: b.build(), source: { kind: 'synthetic', ref: name, name } };
}

export const BLUE: Rgba = { r: 0.1, g: 0.2, b: 0.85, a: 1 };

/** Blue circles on white, 64x64. */
export function blueCirclesScene(size = 64): Scene {
  const s = size / 64;
  return {
    width: size,
    height: size,
    groups: [
      circleGroup(20 * s, 22 * s, 13 * s, BLUE, 'c1'),
      circleGroup(44 * s, 40 * s, 15 * s, { r: 0.15, g: 0.3, b: 0.9, a: 1 }, 'c2'),
      circleGroup(18 * s, 48 * s, 8 * s, { r: 0.05, g: 0.1, b: 0.7, a: 1 }, 'c3'),
    ],
    rois: [],
    warnings: [],
  };
}
