import type { EditResult } from '../engine/edit/edit-types.ts';
import { uiMessage, type SelectionInfo, type UiToSandbox } from '../protocol/protocol.ts';
import type { BatchState } from './batch-state.ts';

// What Apply and Apply all ask of the sandbox: one result as one frame beside the selection
// (apply-scene), or every result of a batch, each its own frame and undo step (apply-scenes:
// variations side by side beside their one source, an icon set's frames each beside its own).
// Pure, so the requests are tested without a sandbox.

export interface ApplyRequest {
  message: UiToSandbox;
  /** What the reducer is told to expect: layers for one frame, frames for several. */
  action: { type: 'apply-start' | 'apply-all-start'; requestId: string; total: number };
}

/** Every candidate of the batch, in order. */
export function applyAllRequest(batch: BatchState, requestId: string): ApplyRequest | null {
  if (batch.items.length === 0) return null;
  const items = batch.items.map((c) => ({ sourceId: c.sourceId, prompt: c.prompt, scene: c.result.scene }));
  return { message: uiMessage({ type: 'apply-scenes', requestId, items }), action: { type: 'apply-all-start', requestId, total: items.length } };
}

/** Apply: the result on screen beside the selection; for an icon set, every finished frame. */
export function applyRequest(
  batch: BatchState | null,
  result: EditResult | null,
  info: SelectionInfo | null,
  prompt: string,
  requestId: string,
): ApplyRequest | null {
  if (batch?.kind === 'icon-set') return applyAllRequest(batch, requestId);
  if (!result || !info?.sourceId) return null;
  return {
    message: uiMessage({ type: 'apply-scene', requestId, sourceId: info.sourceId, besideIds: info.sourceIds, prompt, scene: result.scene }),
    action: { type: 'apply-start', requestId, total: result.scene.groups.length },
  };
}
