import type { EditResult } from '../engine/edit/edit-types.ts';
import type { EditMode } from '../protocol/protocol.ts';

// The edit modes the UI offers, the phases of a run as the UI shows them, and what each phase
// allows: every button's state follows from the phase alone.

export const MODES: { value: EditMode; label: string; hint: string }[] = [
  { value: 'full', label: 'Full', hint: 'Shapes and colours change.' },
  { value: 'shape', label: 'Shape', hint: 'Shape only: colours stay, outlines move (e.g. lettering).' },
  { value: 'color', label: 'Colour', hint: 'Colour only: outlines stay, fills change.' },
  { value: 'palette', label: 'Palette', hint: 'Palette recolour: every fill ends as one of the palette’s colours.' },
];

/** The step of the flow that failed: vectorising the images, the run, or writing the layers. */
export type RunStep = 'vectorise' | 'run' | 'apply';

export type RunState =
  | { phase: 'idle' }
  /** `sourceId`: the selection whose images are vectorised; a result for another is dropped. */
  | { phase: 'vectorising'; sourceId: string; done: number; total: number }
  | { phase: 'running' }
  | { phase: 'cancelling' }
  | { phase: 'done'; result: EditResult }
  | { phase: 'cancelled' }
  | { phase: 'applying'; requestId: string; done: number; total: number; result: EditResult }
  | { phase: 'applied'; frameName: string; nodeCount: number }
  /** A failed apply keeps its result, so Apply and Export can be tried again. */
  | { phase: 'failed'; step: RunStep; error: string; result?: EditResult };

export type RunPhase = RunState['phase'];

/** Work in flight (engine or sandbox): Run, Vectorise and the model choice wait for it. */
export function isBusy(run: RunState): boolean {
  return run.phase === 'vectorising' || run.phase === 'running' || run.phase === 'cancelling' || run.phase === 'applying';
}

/** The run's scene, for Apply and Export, where the phase allows them; else null. */
export function resultToApply(run: RunState): EditResult | null {
  if (run.phase === 'done') return run.result;
  if (run.phase === 'failed' && run.result) return run.result;
  return null;
}

/** Whether the preview shows the run's scene (else it shows what Run would edit). */
export function showsRunResult(run: RunState): boolean {
  return (
    run.phase === 'running' ||
    run.phase === 'cancelling' ||
    run.phase === 'done' ||
    run.phase === 'applying' ||
    run.phase === 'applied' ||
    resultToApply(run) !== null
  );
}

/** Whether the iteration count and loss curve are on screen. */
export function showsRunProgress(run: RunState): boolean {
  return run.phase === 'running' || run.phase === 'cancelling' || run.phase === 'done';
}

const STEP_NAMES: Record<RunStep, string> = { vectorise: 'Vectorising', run: 'The run', apply: 'Writing the layers' };

/** The line under the run buttons: what the run is doing, or what stops it from starting. */
export function runStatusText(run: RunState, runBlocker: string | null): string | null {
  switch (run.phase) {
    case 'vectorising':
      return `Vectorising images… ${run.done} / ${run.total}`;
    case 'cancelling':
      return 'Cancelling after this iteration…';
    case 'cancelled':
      return 'Cancelled: nothing was changed.';
    case 'done':
      return `Done in ${(run.result.timings.loopMs / 1000).toFixed(1)} s. Apply writes a new frame beside the source (one undo step).`;
    case 'applying':
      return `Writing layers… ${run.done} / ${run.total}`;
    case 'applied':
      return `Applied: “${run.frameName}” (${run.nodeCount} layers).`;
    case 'failed':
      return `${STEP_NAMES[run.step]} failed: ${run.error}${run.result ? ' Apply to try again.' : ''}`;
    default:
      return runBlocker ? `To run: ${runBlocker}.` : null;
  }
}
