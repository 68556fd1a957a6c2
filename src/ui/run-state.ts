import type { EditResult } from '../engine/edit/edit-types.ts';
import type { EditMode } from '../protocol/protocol.ts';

// The edit modes the UI offers, and the phases of a run as the UI shows them.

export const MODES: { value: EditMode; label: string; hint: string }[] = [
  { value: 'full', label: 'Full', hint: 'Shapes and colours change.' },
  { value: 'shape', label: 'Shape', hint: 'Shape only: colours stay, outlines move (e.g. lettering).' },
  { value: 'color', label: 'Colour', hint: 'Colour only: outlines stay, fills change.' },
  { value: 'palette', label: 'Palette', hint: 'Palette recolour: every fill ends as one of the palette’s colours.' },
];

export type RunState =
  | { phase: 'idle' }
  | { phase: 'vectorising'; done: number; total: number }
  | { phase: 'running' }
  | { phase: 'cancelling' }
  | { phase: 'done'; result: EditResult }
  | { phase: 'cancelled' }
  | { phase: 'applying'; requestId: string; done: number; total: number }
  | { phase: 'applied'; frameName: string; nodeCount: number };

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
    default:
      return runBlocker ? `To run: ${runBlocker}.` : null;
  }
}
