import type { EditProgress, EditResult } from '../../src/engine/edit/edit-types.ts';
import { sandboxMessage, type SelectionMessage } from '../../src/protocol/protocol.ts';
import type { Scene } from '../../src/scene/scene.ts';
import type { WindowAction, WindowState } from '../../src/ui/window-state.ts';
import { INITIAL_WINDOW_STATE, windowReducer } from '../../src/ui/window-state.ts';

// Small values of the window's types for the reducer and flow tests.

export const scene: Scene = {
  width: 10,
  height: 10,
  groups: [
    { fill: { r: 1, g: 0, b: 0, a: 1 }, fillRule: 'nonzero', paths: [{ points: [0, 0, 5, 0, 5, 5, 0, 5, 0, 3, 0, 1] }], source: { kind: 'figma', ref: '1:9' } },
  ],
  rois: [],
  warnings: [],
};

export function selectionOf(sourceId: string, imageCount = 0): SelectionMessage {
  return sandboxMessage({
    type: 'selection',
    info: { sourceId, sourceIds: [sourceId], sourceName: sourceId, frames: [], groupCount: 1, pathCount: 1, imageCount, warnings: [], note: '' },
    scene,
  }) as SelectionMessage;
}

export function resultOf(over: Partial<EditResult> = {}): EditResult {
  return {
    scene,
    losses: [0.5],
    roiViewLosses: [[0.5]],
    timings: { textMs: 1, setupMs: 1, loopMs: 1500, finishMs: 1, perIterationMs: 1500 },
    skippedSteps: [],
    warnings: [],
    cancelled: false,
    iterations: 1,
    clipProvider: 'webgpu',
    ...over,
  } as EditResult;
}

export function progressOf(iteration: number, loss: number): EditProgress {
  return { iteration, iterations: 10, loss, elapsedMs: iteration, etaMs: 10 - iteration, skippedSteps: 0 };
}

/** The state after each action in turn, from the initial one (or `from`). */
export function reduce(actions: WindowAction[], from: WindowState = INITIAL_WINDOW_STATE): WindowState {
  return actions.reduce(windowReducer, from);
}

/** A window driven by `dispatch`: its state is the reducer's after exactly the actions dispatched, which it keeps. */
export function windowOf(initial: WindowState = INITIAL_WINDOW_STATE) {
  let state = initial;
  const actions: WindowAction[] = [];
  return {
    dispatch: (a: WindowAction) => {
      actions.push(a);
      state = windowReducer(state, a);
    },
    get state() {
      return state;
    },
    actions,
  };
}
