import { Banner, Button, Columns, Container, Divider, IconWarning16, Muted, SegmentedControl, Stack, Text, VerticalSpace } from '@create-figma-plugin/ui';
import { useEffect, useRef, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, uiMessage, type EditMode, type PluginSettings, type SelectionMessage } from '../protocol/protocol.ts';
import { listenToSandbox, postToSandbox } from './plugin-channel.ts';
import { RoiList } from './roi-list.tsx';
import { SelectionSummary } from './selection-summary.tsx';
import { WebGpuPanel } from './webgpu-panel.tsx';
import { webGpuStatusAsync, type WebGpuStatus } from './webgpu-status.ts';

// The plugin window. Run / Cancel / Apply stay disabled until the engine lands (a later
// issue wires them to the worker and to the apply-scene message).

const MODES: { value: EditMode; label: string; hint: string }[] = [
  { value: 'full', label: 'Full', hint: 'Shapes and colours change.' },
  { value: 'shape', label: 'Shape', hint: 'Shape only: colours stay, outlines move (e.g. lettering).' },
  { value: 'colour', label: 'Colour', hint: 'Colour only: outlines stay, fills change.' },
  { value: 'palette', label: 'Palette', hint: 'Palette recolour: fills snap to the document’s colour styles.' },
];

const PROMPT_SAVE_DELAY_MS = 400;

export function App() {
  const [selection, setSelection] = useState<SelectionMessage | null>(null);
  const [settings, setSettings] = useState<PluginSettings>(DEFAULT_SETTINGS);
  const [prompts, setPrompts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<string[]>([]);
  const [gpu, setGpu] = useState<WebGpuStatus | null>(null);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  useEffect(() => {
    const stop = listenToSandbox(
      (m) => {
        switch (m.type) {
          case 'selection':
            setSelection(m);
            setPrompts({});
            return;
          case 'settings':
            setSettings(m.settings);
            return;
          case 'error':
            setErrors((e) => [...e.slice(-4), m.message]);
            return;
          case 'prompt-saved':
          case 'apply-progress':
          case 'apply-done':
          case 'palette':
            return; // consumed by the run/apply flow of a later issue
        }
      },
      (reason) => setErrors((e) => [...e.slice(-4), reason]),
    );
    postToSandbox(uiMessage({ type: 'ui-ready' }));
    void webGpuStatusAsync().then(setGpu);
    return stop;
  }, []);

  const onPromptInput = (nodeId: string, prompt: string) => {
    setPrompts((p) => ({ ...p, [nodeId]: prompt }));
    const t = timers.current;
    clearTimeout(t.get(nodeId));
    t.set(
      nodeId,
      setTimeout(() => postToSandbox(uiMessage({ type: 'set-prompt', nodeId, prompt })), PROMPT_SAVE_DELAY_MS),
    );
  };

  const onMode = (value: string) => {
    const next = { ...settings, mode: value as EditMode };
    setSettings(next);
    postToSandbox(uiMessage({ type: 'save-settings', settings: next }));
  };

  const info = selection?.info ?? null;
  return (
    <Container space="medium">
      <VerticalSpace space="medium" />
      <Stack space="small">
        <SelectionSummary info={info} />
        <Divider />
        <Text>
          <Muted>Prompts</Muted>
        </Text>
        <RoiList frames={info?.frames ?? []} prompts={prompts} onPromptInput={onPromptInput} />
        <Divider />
        <Text>
          <Muted>Mode</Muted>
        </Text>
        <SegmentedControl data-testid="mode" options={MODES.map((m) => ({ value: m.value, children: m.label }))} value={settings.mode} onValueChange={onMode} />
        <Text>
          <Muted>{MODES.find((m) => m.value === settings.mode)?.hint}</Muted>
        </Text>
        <Columns space="extraSmall">
          <Button fullWidth disabled data-testid="run">
            Run
          </Button>
          <Button fullWidth secondary disabled data-testid="cancel">
            Cancel
          </Button>
          <Button fullWidth secondary disabled data-testid="apply">
            Apply
          </Button>
        </Columns>
        <Text>
          <Muted>The editing engine is not installed in this build yet.</Muted>
        </Text>
        <Divider />
        <WebGpuPanel status={gpu} />
        {errors.map((e, i) => (
          <Banner key={i} icon={<IconWarning16 />} variant="warning" data-testid="error">
            {e}
          </Banner>
        ))}
      </Stack>
      <VerticalSpace space="medium" />
    </Container>
  );
}
