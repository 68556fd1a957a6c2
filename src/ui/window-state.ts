import type { EditProgress, EditResult } from '../engine/edit/edit-types.ts';
import type { SelectionMessage } from '../protocol/protocol.ts';
import {
  addCandidate,
  batchDoneText,
  batchProgress,
  selectCandidate,
  selectedCandidate,
  startBatch,
  type BatchKind,
  type BatchState,
  type Candidate,
} from './batch-state.ts';
import type { VectorisedImage } from './run-scene.ts';
import { isBusy, resultToApply, runStatusText, type RunState, type RunStep } from './run-state.ts';

// The plugin window's state as one reducer: the selection with its typed prompts and vectorised
// images, the run's phase (idle, vectorising, running, cancelling, done, cancelled, applying,
// applied, failed) with its progress, and the warnings on screen. Every event, from the user,
// the engine or the sandbox, is an action; an action that does not fit the current phase (a late
// progress report, a reply to a superseded request) changes nothing. Pure, so tested without a browser.

/** Warnings kept on screen: the newest few. */
export const MAX_ERRORS = 5;

export interface WindowState {
  selection: SelectionMessage | null;
  /** Prompts as typed, by frame node id (the sandbox stores them too, but the UI must not wait). */
  prompts: Record<string, string>;
  vectorised: VectorisedImage[];
  run: RunState;
  progress: EditProgress | null;
  losses: number[];
  errors: string[];
  /** Variations or an icon set: its finished results, one selected. Null after a single run. */
  batch: BatchState | null;
}

export type WindowAction =
  | { type: 'selection'; selection: SelectionMessage }
  | { type: 'prompt'; nodeId: string; prompt: string }
  /** A warning; with the requestId of the apply in flight, that apply failed. */
  | { type: 'error'; message: string; requestId?: string }
  | { type: 'vectorise-start'; sourceId: string; total: number }
  | { type: 'vectorise-progress'; sourceId: string; done: number; total: number }
  | { type: 'vectorise-done'; sourceId: string; images: VectorisedImage[] }
  | { type: 'run-start' }
  | { type: 'run-progress'; progress: EditProgress }
  | { type: 'run-end'; result: EditResult }
  | { type: 'cancel' }
  | { type: 'apply-start'; requestId: string; total: number }
  | { type: 'apply-progress'; requestId: string; done: number; total: number }
  /** `warnings`: what the written layers approximate (Figma cannot draw it as the result has it). */
  | { type: 'apply-done'; requestId: string; frameName: string; nodeCount: number; warnings?: string[] }
  | { type: 'failed'; step: Exclude<RunStep, 'apply'>; error: string }
  | { type: 'batch-start'; kind: BatchKind; total: number }
  /** Iteration progress of result `current` (0-based); `fraction` 0..1 across the batch. */
  | { type: 'batch-progress'; progress: EditProgress; current: number; fraction: number }
  | { type: 'batch-item'; candidate: Candidate }
  | { type: 'batch-end'; cancelled: boolean; warnings: string[] }
  | { type: 'select-candidate'; index: number }
  /** Apply all: every candidate written (apply-scenes), one frame and undo step each. */
  | { type: 'apply-all-start'; requestId: string; total: number }
  | { type: 'apply-all-done'; requestId: string; frames: { frameName: string; nodeCount: number; warnings?: string[] }[] };

export const INITIAL_WINDOW_STATE: WindowState = {
  selection: null,
  prompts: {},
  vectorised: [],
  run: { phase: 'idle' },
  progress: null,
  losses: [],
  errors: [],
  batch: null,
};

function withError(state: WindowState, message: string): WindowState {
  return { ...state, errors: [...state.errors.slice(-(MAX_ERRORS - 1)), message] };
}

function isApplying(run: RunState, requestId: string): run is Extract<RunState, { phase: 'applying' }> {
  return run.phase === 'applying' && run.requestId === requestId;
}

function isRunning(run: RunState): boolean {
  return run.phase === 'running' || run.phase === 'cancelling';
}

function isVectorising(run: RunState, sourceId: string): run is Extract<RunState, { phase: 'vectorising' }> {
  return run.phase === 'vectorising' && run.sourceId === sourceId;
}

export function windowReducer(state: WindowState, action: WindowAction): WindowState {
  const { run } = state;
  switch (action.type) {
    case 'selection': {
      // A new selection drops the prompts and vectors of the old one. A run or an apply in flight
      // still reports its outcome; a vectorisation of the old selection is abandoned.
      const keepsRun = run.phase === 'running' || run.phase === 'cancelling' || run.phase === 'applying';
      return keepsRun
        ? { ...state, selection: action.selection, prompts: {}, vectorised: [] }
        : { ...state, selection: action.selection, prompts: {}, vectorised: [], run: { phase: 'idle' }, batch: null };
    }
    case 'prompt':
      return { ...state, prompts: { ...state.prompts, [action.nodeId]: action.prompt } };
    case 'error': {
      const next = withError(state, action.message);
      if (action.requestId === undefined || !isApplying(run, action.requestId)) return next;
      return { ...next, run: { phase: 'failed', step: 'apply', error: action.message, result: run.result } };
    }
    case 'vectorise-start':
      if (isBusy(run)) return state;
      return { ...state, run: { phase: 'vectorising', sourceId: action.sourceId, done: 0, total: action.total } };
    case 'vectorise-progress':
      if (!isVectorising(run, action.sourceId)) return state;
      return { ...state, run: { ...run, done: action.done, total: action.total } };
    case 'vectorise-done':
      if (!isVectorising(run, action.sourceId)) return state;
      return { ...state, vectorised: action.images, run: { phase: 'idle' } };
    case 'run-start':
      if (isBusy(run)) return state;
      return { ...state, run: { phase: 'running' }, progress: null, losses: [], batch: null };
    case 'run-progress':
      if (run.phase !== 'running' && run.phase !== 'cancelling') return state;
      return { ...state, progress: action.progress, losses: [...state.losses, action.progress.loss] };
    case 'run-end': {
      if (run.phase !== 'running' && run.phase !== 'cancelling') return state;
      // A cancelled run's scene is discarded: Cancel leaves everything as it was.
      const next: WindowState = { ...state, run: action.result.cancelled ? { phase: 'cancelled' } : { phase: 'done', result: action.result } };
      return action.result.warnings.reduce(withError, next);
    }
    case 'cancel':
      return run.phase === 'running' ? { ...state, run: { phase: 'cancelling' } } : state;
    case 'apply-start': {
      const result = resultToApply(run);
      if (!result) return state;
      return { ...state, run: { phase: 'applying', requestId: action.requestId, done: 0, total: action.total, result } };
    }
    case 'apply-progress':
      if (!isApplying(run, action.requestId)) return state;
      return { ...state, run: { ...run, done: action.done, total: action.total } };
    case 'apply-done':
      if (!isApplying(run, action.requestId)) return state;
      return (action.warnings ?? []).reduce(withError, { ...state, run: { phase: 'applied', frameName: action.frameName, nodeCount: action.nodeCount } });
    case 'batch-start':
      if (isBusy(run)) return state;
      return { ...state, run: { phase: 'running' }, progress: null, losses: [], batch: startBatch(action.kind, action.total) };
    case 'batch-progress': {
      if (!isRunning(run) || !state.batch) return state;
      // The loss curve is the running result's: it starts again with each one.
      const losses = action.current === state.batch.current ? state.losses : [];
      return {
        ...state,
        progress: action.progress,
        losses: [...losses, action.progress.loss],
        batch: batchProgress(state.batch, action.current, action.fraction),
      };
    }
    case 'batch-item':
      if (!isRunning(run) || !state.batch) return state;
      return { ...state, batch: addCandidate(state.batch, action.candidate) };
    case 'batch-end': {
      if (!isRunning(run) || !state.batch) return state;
      const batch = { ...state.batch, cancelled: action.cancelled };
      const chosen = selectedCandidate(batch);
      // Cancel keeps the finished results; with none finished it leaves everything as it was.
      const next: WindowState = { ...state, batch, run: chosen ? { phase: 'done', result: chosen.result } : { phase: 'cancelled' } };
      return action.warnings.reduce(withError, next);
    }
    case 'select-candidate': {
      if (!state.batch || isBusy(run)) return state;
      const batch = selectCandidate(state.batch, action.index);
      const chosen = selectedCandidate(batch);
      if (!chosen || batch === state.batch) return state;
      if (run.phase === 'done') return { ...state, batch, run: { phase: 'done', result: chosen.result } };
      if (run.phase === 'failed' && run.result) return { ...state, batch, run: { ...run, result: chosen.result } };
      return { ...state, batch };
    }
    case 'apply-all-start': {
      const result = resultToApply(run);
      if (!result || !state.batch || state.batch.items.length === 0) return state;
      return { ...state, run: { phase: 'applying', requestId: action.requestId, done: 0, total: action.total, result } };
    }
    case 'apply-all-done': {
      if (!isApplying(run, action.requestId)) return state;
      const { frames } = action;
      const frameName = frames.length === 1 ? frames[0]!.frameName : `${frames.length} frames`;
      const next: WindowState = { ...state, run: { phase: 'applied', frameName, nodeCount: frames.reduce((n, f) => n + f.nodeCount, 0) } };
      return frames.flatMap((f) => (frames.length === 1 ? (f.warnings ?? []) : (f.warnings ?? []).map((w) => `${f.frameName}: ${w}`))).reduce(withError, next);
    }
    case 'failed': {
      const ours = action.step === 'run' ? run.phase === 'running' || run.phase === 'cancelling' : run.phase === 'vectorising';
      const next = withError(state, action.error);
      // A batch that fails midway keeps its finished results for Apply.
      const kept = action.step === 'run' ? selectedCandidate(state.batch)?.result : undefined;
      return ours ? { ...next, run: { phase: 'failed', step: action.step, error: action.error, ...(kept ? { result: kept } : {}) } } : next;
    }
  }
}

/** The line under the run buttons; after a batch it counts the results and says what Apply writes. */
export function windowStatusText(state: WindowState, runBlocker: string | null): string | null {
  if (state.batch && state.run.phase === 'done') return batchDoneText(state.batch);
  return runStatusText(state.run, runBlocker);
}
