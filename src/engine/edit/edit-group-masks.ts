import type { Roi, Scene } from '../../scene/scene.ts';
import { MASK_COLOR, MASK_SHAPE } from '../optim/adam-step.ts';
import type { EditMode } from './edit-types.ts';

// Which parameters a mode lets the optimiser touch, per group (the rasteriser's Adam mask:
// a masked parameter is not written at all, so it stays bit-for-bit), and the learning rates.

export function modeMaskBits(mode: EditMode): number {
  if (mode === 'shape') return MASK_SHAPE;
  if (mode === 'color' || mode === 'palette') return MASK_COLOR;
  return MASK_SHAPE | MASK_COLOR;
}

export function modeLearningRates(mode: EditMode, shapeLr: number, colorLr: number): { lrPoints: number; lrColors: number } {
  const bits = modeMaskBits(mode);
  return { lrPoints: bits & MASK_SHAPE ? shapeLr : 0, lrColors: bits & MASK_COLOR ? colorLr : 0 };
}

/** Control-point bounding box of a group, or null for a group without points. */
export function groupBounds(scene: Scene, g: number): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const p of scene.groups[g]!.paths) {
    for (let i = 0; i < p.points.length; i += 2) {
      x0 = Math.min(x0, p.points[i]!);
      x1 = Math.max(x1, p.points[i]!);
      y0 = Math.min(y0, p.points[i + 1]!);
      y1 = Math.max(y1, p.points[i + 1]!);
    }
  }
  return x0 <= x1 ? { x0, y0, x1, y1 } : null;
}

/**
 * Per-group mask bits. With `roi`, only groups whose control-point box intersects it are
 * optimised (the hull of the control points contains the curve, so a group left out cannot
 * draw inside the ROI). Frozen groups (locks) get no bits at all: the Adam kernel never writes
 * them, exactly as a mode's frozen parameters.
 */
export function groupMasks(scene: Scene, mode: EditMode, roi?: Pick<Roi, 'x' | 'y' | 'width' | 'height'>, frozen: readonly number[] = []): Uint32Array {
  const bits = modeMaskBits(mode);
  const locked = new Set(frozen);
  return Uint32Array.from(scene.groups, (_, g) => {
    if (locked.has(g)) return 0;
    if (!roi) return bits;
    const b = groupBounds(scene, g);
    const hit = b !== null && b.x0 < roi.x + roi.width && b.x1 > roi.x && b.y0 < roi.y + roi.height && b.y1 > roi.y;
    return hit ? bits : 0;
  });
}
