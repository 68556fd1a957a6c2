import { Muted, Stack, Text, Textbox } from '@create-figma-plugin/ui';
import type { PromptFrame } from '../protocol/protocol.ts';

// One prompt per frame: the selected frame is the whole picture (CLIPVG's first ROI), nested
// frames are further ROIs. Edits go to the sandbox, which stores them on the frame.

export interface RoiListProps {
  frames: PromptFrame[];
  prompts: Record<string, string>;
  onPromptInput: (nodeId: string, prompt: string) => void;
}

export function RoiList({ frames, prompts, onPromptInput }: RoiListProps) {
  if (frames.length === 0)
    return (
      <Text>
        <Muted>No frames selected: select a frame to give it a prompt.</Muted>
      </Text>
    );
  return (
    <Stack space="extraSmall">
      {frames.map((f) => (
        <div key={f.nodeId} data-testid="roi" data-node-id={f.nodeId}>
          <Text>
            <span data-testid="roi-name">{f.name}</span>{' '}
            <Muted>{f.isRoot ? 'whole picture' : `region ${Math.round(f.x)}, ${Math.round(f.y)} · ${Math.round(f.width)}×${Math.round(f.height)}`}</Muted>
          </Text>
          <div style={{ height: 4 }} />
          <Textbox
            data-testid="roi-prompt"
            placeholder={f.isRoot ? 'Prompt for the whole picture' : `Prompt for ${f.name}`}
            value={prompts[f.nodeId] ?? f.prompt}
            onValueInput={(v: string) => onPromptInput(f.nodeId, v)}
            variant="border"
          />
        </div>
      ))}
    </Stack>
  );
}
