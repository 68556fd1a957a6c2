import { Button, Muted, RangeSlider, Text } from '@create-figma-plugin/ui';
import { useState } from 'preact/hooks';
import type { ImageSource } from '../protocol/protocol.ts';

// Image reference ("make it look like this"): an image layer of the selection, or a PNG/JPEG
// picked or dropped here. With a prompt as well, a weight blends the two directions
// (1 = the picture alone, 0 = the prompt alone).

export interface ReferencePicture {
  name: string;
  bytes: Uint8Array;
}

export interface ReferenceImageProps {
  reference: ReferencePicture | null;
  onReference(r: ReferencePicture | null): void;
  weight: number;
  onWeight(w: number): void;
  /** A prompt is typed too: the weight slider is shown. */
  hasPrompt: boolean;
  /** Image layers in the selection. */
  imageCount: number;
  /** The selection's image paints as PNGs (exported by the sandbox when asked). */
  selectionImagesAsync(): Promise<ImageSource[]>;
  onError(e: unknown): void;
  disabled: boolean;
}

const ACCEPTED = /^image\/(png|jpeg)$/;

async function pictureOfAsync(file: File): Promise<ReferencePicture> {
  if (!ACCEPTED.test(file.type)) throw new Error(`a reference image must be a PNG or JPEG file; “${file.name}” is ${file.type || 'of unknown type'}`);
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

export function ReferenceImage(p: ReferenceImageProps) {
  const [choices, setChoices] = useState<ImageSource[] | null>(null);
  const fromFile = (file: File | undefined) => {
    if (file) pictureOfAsync(file).then(p.onReference, p.onError);
  };
  const fromSelection = () => {
    p.selectionImagesAsync().then((images) => {
      if (images.length === 0) throw new Error('the selection has no image to use as a reference');
      if (images.length === 1) p.onReference({ name: images[0]!.name, bytes: images[0]!.png });
      else setChoices(images);
    }, p.onError);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for files; the file input beside is the keyboard way
    <div
      data-testid="reference"
      data-reference={p.reference?.name ?? ''}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        if (!p.disabled) fromFile(e.dataTransfer?.files[0]);
      }}
      style={{ border: '1px dashed var(--figma-color-border, #ccc)', borderRadius: 3, padding: 6, display: 'grid', gap: 4 }}
    >
      <Text>
        <Muted>
          {p.reference ? (
            <>
              Reference image: <span data-testid="reference-name">{p.reference.name}</span>
            </>
          ) : (
            'Reference image (optional): drop a PNG or JPEG here, pick a file, or use an image layer of the selection.'
          )}
        </Muted>
      </Text>
      <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
        <input
          data-testid="reference-file"
          type="file"
          accept="image/png,image/jpeg"
          disabled={p.disabled}
          style={{ fontSize: 10, maxWidth: 150, WebkitAppearance: 'auto' }}
          onChange={(e) => fromFile((e.currentTarget as HTMLInputElement).files?.[0])}
        />
        {p.imageCount > 0 && (
          <Button secondary data-testid="reference-from-selection" disabled={p.disabled} onClick={fromSelection}>
            Use a selected image
          </Button>
        )}
        {p.reference && (
          <Button secondary data-testid="reference-clear" disabled={p.disabled} onClick={() => p.onReference(null)}>
            Clear
          </Button>
        )}
      </div>
      {choices && (
        <select
          data-testid="reference-choice"
          onChange={(e) => {
            const img = choices[Number((e.currentTarget as HTMLSelectElement).value)];
            if (img) p.onReference({ name: img.name, bytes: img.png });
            setChoices(null);
          }}
        >
          <option value="">Choose an image layer…</option>
          {choices.map((img, i) => (
            <option key={img.nodeId} value={String(i)}>
              {img.name}
            </option>
          ))}
        </select>
      )}
      {p.reference && p.hasPrompt && (
        <div style={{ display: 'grid', gridTemplateColumns: 'auto 1fr auto', gap: 6, alignItems: 'center', fontSize: 11 }}>
          <Muted>Prompt</Muted>
          <RangeSlider
            data-testid="reference-weight"
            minimum={0}
            maximum={1}
            increment={0.05}
            value={String(p.weight)}
            disabled={p.disabled}
            onNumericValueInput={p.onWeight}
          />
          <Muted>Picture</Muted>
        </div>
      )}
    </div>
  );
}
