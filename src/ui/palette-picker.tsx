import { Muted, SegmentedControl, Stack, Text, Textbox } from '@create-figma-plugin/ui';
import type { Rgba } from '../scene/scene.ts';
import { toHex, type PaletteSource } from './palette-source.ts';

// Where the palette of a palette recolour comes from, and the colours it holds now.

export interface PalettePickerProps {
  source: PaletteSource;
  onSource: (s: PaletteSource) => void;
  hexText: string;
  onHexText: (t: string) => void;
  colours: Rgba[];
  error: string | null;
}

export function PalettePicker(p: PalettePickerProps) {
  return (
    <Stack space="extraSmall">
      <SegmentedControl
        data-testid="palette-source"
        options={[
          { value: 'styles', children: 'Colour styles' },
          { value: 'selection', children: 'Selection' },
          { value: 'hex', children: 'Hex' },
        ]}
        value={p.source}
        onValueChange={(v: string) => p.onSource(v as PaletteSource)}
      />
      {p.source === 'hex' && (
        <Textbox data-testid="palette-hex" placeholder="#1e88e5, #ffb300, #212121" value={p.hexText} onValueInput={p.onHexText} variant="border" />
      )}
      <div data-testid="palette-swatches" style={{ display: 'flex', flexWrap: 'wrap', gap: 3 }}>
        {p.colours.map((c, i) => (
          <span
            key={i}
            title={toHex(c)}
            style={{ width: 14, height: 14, borderRadius: 2, background: toHex(c), boxShadow: 'inset 0 0 0 1px rgba(0,0,0,.15)' }}
          />
        ))}
      </div>
      {p.error ? (
        <Text>
          <Muted>{p.error}</Muted>
        </Text>
      ) : (
        p.colours.length === 0 && (
          <Text>
            <Muted>{p.source === 'styles' ? 'This document has no local solid colour styles.' : 'No colours yet.'}</Muted>
          </Text>
        )
      )}
    </Stack>
  );
}
