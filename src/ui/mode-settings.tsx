import { Muted, SegmentedControl, Stack, Text } from '@create-figma-plugin/ui';
import type { EditMode } from '../protocol/protocol.ts';
import { PalettePicker, type PalettePickerProps } from './palette-picker.tsx';
import { MODES } from './run-state.ts';

// The edit mode, what it changes, and (palette recolour) where the palette comes from.

export interface ModeSettingsProps {
  mode: EditMode;
  onMode(value: string): void;
  palette: PalettePickerProps;
}

export function ModeSettings(p: ModeSettingsProps) {
  return (
    <Stack space="small">
      <SegmentedControl data-testid="mode" options={MODES.map((m) => ({ value: m.value, children: m.label }))} value={p.mode} onValueChange={p.onMode} />
      <Text>
        <Muted>{MODES.find((m) => m.value === p.mode)?.hint}</Muted>
      </Text>
      {p.mode === 'palette' && <PalettePicker {...p.palette} />}
    </Stack>
  );
}
