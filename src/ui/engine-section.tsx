import { SegmentedControl, Stack } from '@create-figma-plugin/ui';
import { OFFLINE_MODEL_ID, VIT_B32 } from '../../models/model-registry.ts';
import type { EngineHostApi, EngineStartRequest, ModelCacheInfo } from '../engine-host/engine-host-api.ts';
import type { EngineMode } from './engine-host/engine-connection.ts';
import { EnginePanel } from './engine-panel.tsx';
import type { EngineState } from './engine-state.ts';
import { ModelFilesPanel } from './model-files-panel.tsx';
import { ModelStorePanel } from './model-store-panel.tsx';
import { WebGpuPanel } from './webgpu-panel.tsx';
import type { WebGpuStatus } from './webgpu-status.ts';

// Which model runs, where its files came from, what the store keeps, and what WebGPU offers.

export interface EngineSectionProps {
  modelId: string;
  onModel(id: string): void;
  busy: boolean;
  engineState: EngineState;
  api: Pick<EngineHostApi, 'modelFilesAsync'> | undefined;
  onError(message: string): void;
  onLocalFiles(files: EngineStartRequest['localFiles']): void;
  engineMode: EngineMode | null;
  modelStore: ModelCacheInfo | null;
  onClearModels(): void;
  gpu: WebGpuStatus | null;
}

export function EngineSection(p: EngineSectionProps) {
  return (
    <Stack space="small">
      <SegmentedControl
        data-testid="model"
        disabled={p.busy}
        options={[
          { value: OFFLINE_MODEL_ID, children: 'Tiny (offline)' },
          { value: VIT_B32.id, children: 'ViT-B/32 (download)' },
        ]}
        value={p.modelId}
        onValueChange={p.onModel}
      />
      <EnginePanel state={p.engineState} />
      <ModelFilesPanel
        status={p.engineState.phase === 'ready' ? p.engineState.status : null}
        disabled={p.busy}
        api={p.api}
        onError={p.onError}
        onStart={p.onLocalFiles}
      />
      <ModelStorePanel mode={p.engineMode} cache={p.modelStore} busy={p.busy} onClear={p.onClearModels} />
      <WebGpuPanel status={p.gpu} />
    </Stack>
  );
}
