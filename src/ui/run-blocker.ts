import type { EditMode, SelectionInfo } from '../protocol/protocol.ts';
import type { RunScene } from './run-scene.ts';

// What stops Run from starting, in the words of the status line ("To run: …"), in the order a
// designer meets them; null when nothing does.

export interface RunBlockerInput {
  engineReady: boolean;
  runScene: RunScene | null;
  info: SelectionInfo | null;
  mode: EditMode;
  /** Colours in the palette a palette run would snap to. */
  paletteSize: number;
  /** A reference picture is set: it alone can give the direction, so the prompt is optional. */
  hasReference?: boolean;
}

export function runBlockerOf({ engineReady, runScene, info, mode, paletteSize, hasReference = false }: RunBlockerInput): string | null {
  if (!engineReady) return 'the engine is not ready';
  if (!runScene || !info?.sourceId) return 'select a frame';
  if (runScene.scene.groups.length === 0) return info.imageCount > 0 ? 'vectorise the images first' : 'the selection has no shapes';
  if (!runScene.prompt && !hasReference) return 'type a prompt for the whole picture, or set a reference image';
  if (mode === 'palette' && paletteSize === 0) return 'the palette is empty';
  return null;
}
