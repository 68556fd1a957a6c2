import { Muted, Text, Textbox } from '@create-figma-plugin/ui';
import type { PromptFrame } from '../protocol/protocol.ts';
import { RoiList } from './roi-list.tsx';

// The prompts: one per frame (the whole picture and its nested regions), or for an icon set
// one prompt that every frame gets.

export interface PromptSectionProps {
  /** Frames in the set when the selection is an icon set, else null. */
  iconSetSize: number | null;
  setPrompt: string;
  onSetPrompt(prompt: string): void;
  frames: PromptFrame[];
  prompts: Record<string, string>;
  onPromptInput(nodeId: string, prompt: string): void;
  skippedFrames: string[];
}

export function PromptSection(p: PromptSectionProps) {
  if (p.iconSetSize !== null)
    return (
      <>
        <Text>
          <Muted>Icon set: {p.iconSetSize} frames, edited in turn with one prompt</Muted>
        </Text>
        <div style={{ height: 8 }} />
        <Textbox data-testid="set-prompt" variant="border" placeholder="Prompt for every frame" value={p.setPrompt} onValueInput={p.onSetPrompt} />
      </>
    );
  return (
    <>
      <Text>
        <Muted>Prompts</Muted>
      </Text>
      <div style={{ height: 8 }} />
      <RoiList frames={p.frames} prompts={p.prompts} onPromptInput={p.onPromptInput} />
      {p.skippedFrames.length > 0 && (
        <Text>
          <Muted>No prompt, so not a region: {p.skippedFrames.join(', ')}</Muted>
        </Text>
      )}
    </>
  );
}
