import type { EngineStatusInfo, ModelProgressEvent } from '../engine-host/engine-host-api.ts';

// The engine as the window sees it: starting (the frame or worker connecting), loading a model,
// ready, or failed. Model starts are numbered: the newest one owns the state, and whatever an
// older start reports late (a progress event, its result, its failure) changes nothing, so a
// superseded download can neither flip a loaded model back to "loading" nor fail it. Progress
// arrives on its own message channel, so even a start's own progress may land after its result:
// once a start has settled, its progress is dropped too. Pure, so tested without a browser.

export type EngineState =
  | { phase: 'starting'; detail: string }
  | { phase: 'loading-model'; detail: string; progress: ModelProgressEvent | null }
  | { phase: 'ready'; status: EngineStatusInfo; clipProvider: string | null }
  | { phase: 'failed'; error: string };

export interface EngineModelState {
  /** The model the user chose (the model control's value), whether or not it has loaded. */
  modelId: string;
  /** Number of the newest model start; 0 before the first. */
  start: number;
  engine: EngineState;
}

export type EngineAction =
  /** The engine could not be reached, or has no WebGPU: no model can start. */
  | { type: 'unavailable'; error: string }
  | { type: 'model-start'; start: number; modelId: string; detail: string }
  | { type: 'model-progress'; start: number; detail: string; progress: ModelProgressEvent }
  | { type: 'model-ready'; start: number; status: EngineStatusInfo }
  | { type: 'model-failed'; start: number; error: string }
  | { type: 'clip-provider'; provider: string };

export function initialEngineModelState(modelId: string): EngineModelState {
  return { modelId, start: 0, engine: { phase: 'starting', detail: 'starting the engine frame…' } };
}

export function engineReducer(state: EngineModelState, action: EngineAction): EngineModelState {
  switch (action.type) {
    case 'unavailable':
      return { ...state, engine: { phase: 'failed', error: action.error } };
    case 'model-start':
      // Numbers only grow: a start numbered below the newest is itself stale.
      if (action.start <= state.start) return state;
      return { modelId: action.modelId, start: action.start, engine: { phase: 'loading-model', detail: action.detail, progress: null } };
    case 'model-progress':
      if (action.start !== state.start || state.engine.phase !== 'loading-model') return state;
      return { ...state, engine: { phase: 'loading-model', detail: action.detail, progress: action.progress } };
    case 'model-ready':
      if (action.start !== state.start || state.engine.phase !== 'loading-model') return state;
      return { ...state, engine: { phase: 'ready', status: action.status, clipProvider: null } };
    case 'model-failed':
      if (action.start !== state.start || state.engine.phase !== 'loading-model') return state;
      return { ...state, engine: { phase: 'failed', error: action.error } };
    case 'clip-provider':
      return state.engine.phase === 'ready' ? { ...state, engine: { ...state.engine, clipProvider: action.provider } } : state;
  }
}
