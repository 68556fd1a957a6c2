import { Muted, Text } from '@create-figma-plugin/ui';
import { useEffect, useRef } from 'preact/hooks';
import type { RgbaImage } from '../image/rgba-image.ts';
import type { BatchState } from './batch-state.ts';

// The finished results of a batch as a row of thumbnails (a variation's final render) or named
// tiles (an icon set's frames), filled in as each finishes; slots still running are dashed.
// Clicking one selects it: the preview shows it, Apply and Continue use it.

const SIZE = 40;

function Thumbnail({ image }: { image: RgbaImage }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    c.width = image.width;
    c.height = image.height;
    c.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  }, [image]);
  return <canvas ref={ref} data-testid="candidate-thumbnail" style={{ width: SIZE, height: SIZE, objectFit: 'contain', display: 'block' }} />;
}

export interface CandidateStripProps {
  batch: BatchState;
  disabled: boolean;
  onSelect(index: number): void;
}

export function CandidateStrip({ batch, disabled, onSelect }: CandidateStripProps) {
  const slots = Array.from({ length: batch.total }, (_, i) => batch.items[i]);
  return (
    <div data-testid="candidates" data-kind={batch.kind} data-count={batch.items.length} style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }}>
      {slots.map((c, i) =>
        c ? (
          <button
            key={i}
            type="button"
            data-testid="candidate"
            data-index={i}
            data-selected={String(batch.selected === i)}
            title={c.label}
            disabled={disabled}
            onClick={() => onSelect(i)}
            style={{
              padding: 2,
              minWidth: SIZE + 6,
              height: SIZE + 6,
              background: '#fff',
              cursor: disabled ? 'default' : 'pointer',
              border: batch.selected === i ? '2px solid var(--figma-color-border-selected, #0d99ff)' : '1px solid var(--figma-color-border, #ccc)',
              borderRadius: 3,
            }}
          >
            {c.thumbnail ? <Thumbnail image={c.thumbnail} /> : <span style={{ fontSize: 10 }}>{c.label}</span>}
          </button>
        ) : (
          <div
            key={i}
            data-testid="candidate-pending"
            style={{
              width: SIZE + 6,
              height: SIZE + 6,
              border: '1px dashed var(--figma-color-border, #ccc)',
              borderRadius: 3,
              display: 'grid',
              placeItems: 'center',
            }}
          >
            <Text>
              <Muted>{i + 1}</Muted>
            </Text>
          </div>
        ),
      )}
    </div>
  );
}
