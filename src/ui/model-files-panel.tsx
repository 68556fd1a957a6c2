import { downloadBytes } from './download-text.ts';
import { Button, Muted, Stack, Text } from '@create-figma-plugin/ui';
import { useState } from 'preact/hooks';
import { VIT_B32 } from '../../models/model-registry.ts';
import { matchModelFiles } from '../engine/models/match-model-files.ts';
import type { EngineHostApi, EngineStartRequest, EngineStatusInfo } from '../engine-host/engine-host-api.ts';
import { describeLoadedModel } from './loaded-model-summary.ts';

// Which model is loaded (variant, size as stored, where each file came from), "Load model
// files…" (picker or drag-and-drop; the engine checks each file's SHA-256 like a download) and
// "Save a copy" after a download, so that a user whose plugin window cannot keep files
// (Figma's data: frame, memory cache only) downloads the model once.

export interface ModelFilesPanelProps {
  /** The engine's status once a model is loaded, else null. */
  status: EngineStatusInfo | null;
  disabled: boolean;
  api: Pick<EngineHostApi, 'modelFilesAsync'> | undefined;
  /** (Re)starts the engine on ViT-B/32 with these verified-on-load files. */
  onStart(localFiles: EngineStartRequest['localFiles']): void;
  onError(message: string): void;
}

async function readFilesAsync(list: FileList | null | undefined): Promise<{ name: string; bytes: Uint8Array }[]> {
  return Promise.all([...(list ?? [])].map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

export function ModelFilesPanel(p: ModelFilesPanelProps) {
  const [over, setOver] = useState(false);
  const loaded = p.status ? describeLoadedModel(p.status) : null;
  const load = (list: FileList | null | undefined) =>
    void readFilesAsync(list).then((picked) => {
      const match = matchModelFiles(VIT_B32.variants[VIT_B32.defaultVariant]!, picked);
      for (const u of match.unmatched) p.onError(`not a file of ${VIT_B32.displayName}: ${u}`);
      if (Object.keys(match.files).length > 0) p.onStart(match.files);
    });
  const saveCopy = () =>
    void p.api?.modelFilesAsync().then(
      (list) => list.forEach((f) => downloadBytes(f.name, f.bytes)),
      (e: unknown) => p.onError(e instanceof Error ? e.message : String(e)),
    );
  return (
    <Stack space="extraSmall">
      {loaded && (
        <Text data-testid="model-loaded" data-bytes={loaded.bytes}>
          <Muted>{loaded.text}</Muted>
        </Text>
      )}
      <section
        data-testid="model-drop"
        aria-label="Drop model files here"
        onDragOver={(e) => (e.preventDefault(), setOver(true))}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => (e.preventDefault(), setOver(false), !p.disabled && load(e.dataTransfer?.files))}
        style={{ border: `1px dashed ${over ? 'var(--figma-color-border-brand)' : 'var(--figma-color-border)'}`, borderRadius: 4, padding: 6 }}
      >
        <label>
          <Text>
            <Muted>Drop the ViT-B/32 files here, or </Muted>
            <u style={{ cursor: 'pointer' }}>Load model files…</u>
          </Text>
          <input
            data-testid="model-file-input"
            type="file"
            multiple
            accept=".onnx,.json"
            disabled={p.disabled}
            style={{ display: 'none' }}
            onChange={(e) => load((e.currentTarget as HTMLInputElement).files)}
          />
        </label>
      </section>
      {loaded?.canSaveCopy && (
        <Button data-testid="model-save-copy" secondary disabled={p.disabled} onClick={saveCopy}>
          Save a copy of the model files
        </Button>
      )}
    </Stack>
  );
}
