import type { EditResult } from '../engine/edit/edit-types.ts';
import type { RgbaImage } from '../image/rgba-image.ts';

// A run of several results: variations (K seeds of one edit, one source) or an icon set (one
// edit per selected frame, each its own source). The finished results are candidates, kept as
// they arrive so a cancel keeps them; one is selected (the preview, Apply and Continue use it).
// Pure, so tested without a browser; the window reducer holds it beside the run's phase.

export type BatchKind = 'variations' | 'icon-set';

export interface Candidate {
  /** Variation index, or the icon set's item index. */
  index: number;
  label: string;
  /** The layer the result is written beside. */
  sourceId: string;
  /** Names the written frame. */
  prompt: string;
  result: EditResult;
  /** The final render (canvas size, over white), when the engine sent one. */
  thumbnail?: RgbaImage;
}

export interface BatchState {
  kind: BatchKind;
  /** Results asked for. */
  total: number;
  /** The one running now (0-based). */
  current: number;
  /** 0..1 across the whole batch. */
  fraction: number;
  items: Candidate[];
  /** Index into items of the one shown; -1 before the first finishes. */
  selected: number;
  /** Stopped by Cancel (the finished ones are kept). */
  cancelled: boolean;
}

export function startBatch(kind: BatchKind, total: number): BatchState {
  return { kind, total, current: 0, fraction: 0, items: [], selected: -1, cancelled: false };
}

export function batchProgress(b: BatchState, current: number, fraction: number): BatchState {
  return { ...b, current, fraction: Math.min(1, Math.max(0, fraction)) };
}

/** A finished result joins; the first one is selected so something is on screen at once. */
export function addCandidate(b: BatchState, c: Candidate): BatchState {
  const items = [...b.items, c];
  return { ...b, items, selected: Math.max(0, b.selected), fraction: Math.max(b.fraction, items.length / b.total) };
}

export function selectCandidate(b: BatchState, selected: number): BatchState {
  return selected >= 0 && selected < b.items.length ? { ...b, selected } : b;
}

export function selectedCandidate(b: BatchState | null): Candidate | null {
  return b && b.selected >= 0 ? (b.items[b.selected] ?? null) : null;
}

/** "Variation 2 of 3", "Frame 2 of 3 (Star)": what the progress line says is running. */
export function batchProgressText(b: BatchState, names: readonly string[] = []): string {
  const n = Math.min(b.current + 1, b.total);
  if (b.kind === 'variations') return `Variation ${n} of ${b.total}`;
  const name = names[b.current];
  return `Frame ${n} of ${b.total}${name ? ` (${name})` : ''}`;
}

/** The status line once the batch stopped: how many finished, and what Apply will do. */
export function batchDoneText(b: BatchState): string {
  const kept = b.cancelled ? ` Cancelled: the ${b.items.length} finished kept.` : '';
  if (b.kind === 'variations') {
    return `${b.items.length} of ${b.total} variations.${kept} Apply writes the selected one; Apply all writes each, side by side (one undo step each).`;
  }
  return `${b.items.length} of ${b.total} frames edited.${kept} Apply writes each beside its source (one undo step each).`;
}
