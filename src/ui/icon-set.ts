import type { SelectionMessage } from '../protocol/protocol.ts';
import { editOptionsOf, type RunControlsValues } from './run-options.ts';
import type { IconSetItem } from './run-flow.ts';
import { buildRunScene } from './run-scene.ts';

// An icon set (two or more frames selected): the same prompt and settings on each frame, each
// with its own locked layers and nested regions, its result written beside it. Pure.

export type IconSet = NonNullable<SelectionMessage['iconSet']>;

/** The prompt the set starts with: the first frame's stored prompt that is not empty. */
export function initialSetPrompt(set: IconSet): string {
  for (const { info } of set) {
    const root = info.frames.find((f) => f.isRoot);
    if (root?.prompt.trim()) return root.prompt.trim();
  }
  return '';
}

export function iconSetItems(set: IconSet, prompt: string, values: Omit<RunControlsValues, 'prompt' | 'frozenGroups'>): IconSetItem[] {
  return set.flatMap(({ info, scene }) => {
    if (!info.sourceId) return [];
    const root = info.frames.find((f) => f.isRoot);
    const run = buildRunScene(scene, info.frames, root ? { [root.nodeId]: prompt } : {}, [], info.lockedGroups ?? []);
    return [
      {
        name: info.sourceName,
        sourceId: info.sourceId,
        prompt: prompt.trim(),
        scene: run.scene,
        options: editOptionsOf({ ...values, prompt, frozenGroups: run.frozenGroups }),
      },
    ];
  });
}
