import type { Scene } from '../../scene/scene.ts';
import { EDIT_MODES, type EditMode, type EditOptions } from './edit-types.ts';

// Defaults (CLIPVG's) and checks for EditOptions; a bad option throws a message a user can act on.

export type ResolvedEditOptions = Required<Omit<EditOptions, 'palette' | 'onlyInsideRoi' | 'clipMicroBatch'>> &
  Pick<EditOptions, 'palette' | 'onlyInsideRoi' | 'clipMicroBatch'>;

export function resolveEditOptions(scene: Scene, o: EditOptions): ResolvedEditOptions {
  const mode: EditMode = o.mode ?? 'full';
  if (!EDIT_MODES.includes(mode)) throw new Error(`unknown edit mode "${mode}" (expected ${EDIT_MODES.join(', ')})`);
  if (typeof o.prompt !== 'string' || o.prompt.trim() === '') throw new Error('the prompt is empty');
  scene.rois.forEach((r, k) => {
    if (typeof r.prompt !== 'string' || r.prompt.trim() === '') throw new Error(`ROI ${k + 1} has an empty prompt`);
  });
  if (mode === 'palette' && !(o.palette && o.palette.length > 0)) throw new Error('palette mode needs at least one palette colour');
  const int = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be a whole number >= ${min}, got ${v}`);
    return v;
  };
  const num = (name: string, v: number, min: number) => {
    if (!(Number.isFinite(v) && v >= min)) throw new Error(`${name} must be a number >= ${min}, got ${v}`);
    return v;
  };
  if (o.onlyInsideRoi !== undefined && !(Number.isInteger(o.onlyInsideRoi) && o.onlyInsideRoi >= 0 && o.onlyInsideRoi <= scene.rois.length)) {
    throw new Error(`onlyInsideRoi must be 0..${scene.rois.length}, got ${o.onlyInsideRoi}`);
  }
  return {
    prompt: o.prompt,
    mode,
    ...(o.palette ? { palette: o.palette } : {}),
    ...(o.onlyInsideRoi !== undefined ? { onlyInsideRoi: o.onlyInsideRoi } : {}),
    ...(o.clipMicroBatch !== undefined ? { clipMicroBatch: int('clipMicroBatch', o.clipMicroBatch, 1) } : {}),
    iterations: int('iterations', o.iterations ?? 150, 1),
    patches: int('patches', o.patches ?? 64, 0),
    seed: int('seed', o.seed ?? 0, -(2 ** 31)),
    shapeLr: num('shapeLr', o.shapeLr ?? 0.2, 0),
    colorLr: num('colorLr', o.colorLr ?? 0.01, 0),
    roiWeight: num('roiWeight', o.roiWeight ?? 30, 0),
    patchWeight: num('patchWeight', o.patchWeight ?? 80, 0),
    pointMarginPx: num('pointMarginPx', o.pointMarginPx ?? 0.1 * Math.max(scene.width, scene.height), 0),
    previewIntervalMs: num('previewIntervalMs', o.previewIntervalMs ?? 250, 0),
    timeStages: o.timeStages ?? false,
  };
}
