import type { Scene } from '../../scene/scene.ts';
import { MASK_COLOR, MASK_SHAPE } from '../optim/adam-step.ts';

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
