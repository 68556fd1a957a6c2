import { MAX_VARIATIONS, type EditMode, type EditOptions } from '../engine/edit/edit-types.ts';
import { strengthFactor } from '../engine/edit/resolve-edit-options.ts';
import type { Rgba } from '../scene/scene.ts';

// The window's controls -> the engine's EditOptions, and the seeds of a variations run. Pure,
// so the options every kind of run gets (single, variations, each frame of an icon set) are
// tested without a browser.

/** Strength's middle: CLIPVG's own iterations and learning rates (EditOptions.strength). */
export const DEFAULT_STRENGTH = 0.5;

/** The default of EditOptions.referenceWeight: image and prompt directions count alike. */
export const DEFAULT_REFERENCE_WEIGHT = 0.5;

export interface RunControlsValues {
  prompt: string;
  mode: EditMode;
  iterations: number;
  patches: number;
  palette?: Rgba[];
  /** 0..1; DEFAULT_STRENGTH = CLIPVG's settings. */
  strength: number;
  /** PNG/JPEG bytes of the reference picture, when one is set. */
  reference?: Uint8Array | null;
  referenceWeight: number;
  /** Scene groups of locked layers: kept bit for bit. */
  frozenGroups?: readonly number[];
}

export function editOptionsOf(v: RunControlsValues): EditOptions {
  const prompt = v.prompt.trim();
  const withReference = v.reference && v.reference.length > 0;
  return {
    prompt,
    mode: v.mode,
    iterations: v.iterations,
    patches: v.patches,
    strength: Math.min(1, Math.max(0, v.strength)),
    ...(v.mode === 'palette' && v.palette ? { palette: v.palette } : {}),
    // The weight only means something when both a picture and a prompt set the direction.
    ...(withReference ? { referenceImage: v.reference!, ...(prompt ? { referenceWeight: Math.min(1, Math.max(0, v.referenceWeight)) } : {}) } : {}),
    ...(v.frozenGroups && v.frozenGroups.length > 0 ? { frozenGroups: [...v.frozenGroups] } : {}),
  };
}

/** Seeds 0..k-1: the first variation is the single run's own seed, so one variation = a plain run. */
export function variationSeeds(k: number): number[] {
  const n = Math.min(MAX_VARIATIONS, Math.max(1, Math.floor(k) || 1));
  return Array.from({ length: n }, (_, i) => i);
}

/** The iterations a run at `strength` will take (the engine's own factor). */
export function iterationsAtStrength(iterations: number, strength: number): number {
  return Math.max(1, Math.round(iterations * strengthFactor(Math.min(1, Math.max(0, strength)))));
}
