import type { SubPath } from './scene.ts';
import type { Contour } from './svg-shapes.ts';

export interface StrokeStyle {
  width: number;
  join: string;
  cap: string;
  miterLimit: number;
}

export function outlineStroke(contours: readonly Contour[], style: StrokeStyle): SubPath[] {
  void contours;
  void style;
  return [];
}
