import type { Gradient, Scene, ShapeGroup } from '../../scene/scene.ts';
import { MASK_COLOR, MASK_SHAPE } from '../optim/adam-step.ts';

const GEOMETRY = { linear: ['x1', 'y1', 'x2', 'y2'], radial: ['cx', 'cy', 'r', 'fx', 'fy', 'fr'] } as const;

function geometryValues(g: Gradient): number[] {
  return GEOMETRY[g.kind].map((k) => (g as unknown as Record<string, number>)[k]!);
}

/** v is the source's value, rounded to float32 on the GPU (or never uploaded: a gradient drawn as its fill). */
const unchanged = (v: number, src: number) => v === Math.fround(src) || v === src;

/** Whether the GPU's gradient still has the source's stops. */
function sameStops(out: Gradient, src: Gradient): boolean {
  return out.stops.every(
    (s, i) => unchanged(s.offset, src.stops[i]!.offset) && (['r', 'g', 'b', 'a'] as const).every((k) => unchanged(s.color[k], src.stops[i]!.color[k])),
  );
}

function sameGeometry(out: Gradient, src: Gradient): boolean {
  const a = geometryValues(out);
  return geometryValues(src).every((v, i) => unchanged(a[i]!, v));
}

/**
 * A gradient group's paint with its frozen parts restored from the source: stops when colour
 * is frozen, geometry when shape is. The fill (the stops' mean) is the source's when the stops are.
 */
function keepFrozenGradient(
  g: ShapeGroup,
  src: ShapeGroup,
  shapeFrozen: boolean,
  colorFrozen: boolean,
  mismatch: { color: number; point: number },
): Pick<ShapeGroup, 'fill' | 'gradient'> {
  let gradient = g.gradient!;
  const from = src.gradient!;
  let fill = g.fill;
  if (colorFrozen) {
    if (sameStops(gradient, from)) {
      gradient = { ...gradient, stops: structuredClone(from.stops) };
      fill = { ...src.fill };
    } else mismatch.color++;
  }
  if (shapeFrozen) {
    if (sameGeometry(gradient, from)) {
      const geometry = Object.fromEntries(GEOMETRY[from.kind].map((k) => [k, (from as unknown as Record<string, number>)[k]!]));
      gradient = { ...gradient, ...geometry } as Gradient;
    } else mismatch.point++;
  }
  return { fill, gradient };
}

/**
 * Parameters the mode froze were never written on the GPU (masked or lr 0), so their float32
 * copies must equal the input rounded to float32; then the input's own (float64) values are
 * restored, making them bit-for-bit equal to the input. A mismatch is reported, not hidden.
 */
export function keepFrozen(source: Scene, out: Scene, masks: Uint32Array, adam: { lrPoints: number; lrColors: number }, warnings: string[]): Scene {
  let pointMismatch = 0;
  let colorMismatch = 0;
  const groups = out.groups.map((g, gi) => {
    const src = source.groups[gi]!;
    const shapeFrozen = (masks[gi]! & MASK_SHAPE) === 0 || adam.lrPoints === 0;
    const colorFrozen = (masks[gi]! & MASK_COLOR) === 0 || adam.lrColors === 0;
    let paths = g.paths;
    let fill = g.fill;
    if (shapeFrozen) {
      const same = g.paths.every((p, pi) => p.points.every((v, k) => v === Math.fround(src.paths[pi]!.points[k]!)));
      if (same) paths = structuredClone(src.paths);
      else pointMismatch++;
    }
    if (g.gradient && src.gradient) {
      const mismatch = { color: 0, point: 0 };
      const paint = keepFrozenGradient(g, src, shapeFrozen, colorFrozen, mismatch);
      colorMismatch += mismatch.color;
      pointMismatch += mismatch.point;
      return { ...g, paths, ...paint };
    }
    if (colorFrozen) {
      const same = (['r', 'g', 'b', 'a'] as const).every((k) => g.fill[k] === Math.fround(src.fill[k]));
      if (same) fill = { ...src.fill };
      else colorMismatch++;
    }
    return { ...g, paths, fill };
  });
  if (pointMismatch) warnings.push(`${pointMismatch} group(s) with frozen geometry changed on the GPU`);
  if (colorMismatch) warnings.push(`${colorMismatch} group(s) with frozen colour changed on the GPU`);
  return { ...out, groups };
}
