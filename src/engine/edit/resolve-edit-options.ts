import type { Scene } from '../../scene/scene.ts';
import { EDIT_MODES, type EditMode, type EditOptions } from './edit-types.ts';

// Defaults (CLIPVG's) and checks for EditOptions; a bad option throws a message a user can act on.

type Optional = 'palette' | 'onlyInsideRoi' | 'clipMicroBatch' | 'referenceImage';
export type ResolvedEditOptions = Required<Omit<EditOptions, Optional>> & Pick<EditOptions, Optional>;

/** CLIPVG's defaults sit at strength 0.5; each end halves or doubles iterations and learning rates. */
export function strengthFactor(strength: number): number {
  return 4 ** (strength - 0.5);
}

/** `targetsGiven`: a continuation, whose target directions come from its checkpoint (prompt may be empty). */
export function resolveEditOptions(scene: Scene, o: EditOptions, targetsGiven = false): ResolvedEditOptions {
  const mode: EditMode = o.mode ?? 'full';
  if (!EDIT_MODES.includes(mode)) throw new Error(`unknown edit mode "${mode}" (expected ${EDIT_MODES.join(', ')})`);
  const hasReference = o.referenceImage !== undefined;
  if (typeof o.prompt !== 'string' || (o.prompt.trim() === '' && !hasReference && !targetsGiven))
    throw new Error('the prompt is empty (give a prompt, a reference image, or both)');
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
  const unit = (name: string, v: number) => {
    if (!(Number.isFinite(v) && v >= 0 && v <= 1)) throw new Error(`${name} must be a number in 0..1, got ${v}`);
    return v;
  };
  const frozenGroups = o.frozenGroups ?? [];
  for (const g of frozenGroups) {
    if (!(Number.isInteger(g) && g >= 0 && g < scene.groups.length))
      throw new Error(`frozen group ${g} is not a group of this scene (0..${scene.groups.length - 1})`);
  }
  if (o.referenceWeight !== undefined && !hasReference) throw new Error('referenceWeight is set but there is no reference image');
  const strength = unit('strength', o.strength ?? 0.5);
  const f = strengthFactor(strength);
  const iterations = int('iterations', o.iterations ?? 150, 1);
  return {
    prompt: o.prompt,
    ...(hasReference ? { referenceImage: o.referenceImage } : {}),
    referenceWeight: o.prompt.trim() === '' ? 1 : unit('referenceWeight', o.referenceWeight ?? 0.5),
    frozenGroups,
    strength,
    mode,
    ...(o.palette ? { palette: o.palette } : {}),
    ...(o.onlyInsideRoi !== undefined ? { onlyInsideRoi: o.onlyInsideRoi } : {}),
    ...(o.clipMicroBatch !== undefined ? { clipMicroBatch: int('clipMicroBatch', o.clipMicroBatch, 1) } : {}),
    iterations: Math.max(1, Math.round(iterations * f)),
    patches: int('patches', o.patches ?? 64, 0),
    seed: int('seed', o.seed ?? 0, -(2 ** 31)),
    shapeLr: num('shapeLr', o.shapeLr ?? 0.2, 0) * f,
    colorLr: num('colorLr', o.colorLr ?? 0.01, 0) * f,
    roiWeight: num('roiWeight', o.roiWeight ?? 30, 0),
    patchWeight: num('patchWeight', o.patchWeight ?? 80, 0),
    pointMarginPx: num('pointMarginPx', o.pointMarginPx ?? 0.1 * Math.max(scene.width, scene.height), 0),
    previewIntervalMs: num('previewIntervalMs', o.previewIntervalMs ?? 250, 0),
    timeStages: o.timeStages ?? false,
  };
}
