import { Button, Muted, Stack, Text } from '@create-figma-plugin/ui';
import type { ModelCacheInfo } from '../engine-host/engine-host-api.ts';
import type { EngineMode } from './engine-host/engine-connection.ts';

// Where the engine runs (worker or nested frame) and, where downloads persist, how much the
// model store holds, with a way to remove it.

const WHERE: Record<EngineMode, string> = {
  worker: 'dedicated worker (hosted UI; the window stays responsive during a run)',
  frame: 'nested sandboxed frame (Figma’s data: window, where a worker has no WebGPU)',
};

export function ModelStorePanel({ mode, cache, busy, onClear }: { mode: EngineMode | null; cache: ModelCacheInfo | null; busy: boolean; onClear: () => void }) {
  return (
    <Stack space="extraSmall">
      <Text data-testid="engine-mode" data-mode={mode ?? 'starting'}>
        <Muted>Engine: {mode ? WHERE[mode] : 'starting…'}</Muted>
      </Text>
      {cache && cache.persistent && (
        <Text data-testid="model-store" data-files={cache.files} data-bytes={cache.bytes} data-kind={cache.kind}>
          <Muted>
            Downloaded models: {cache.files} file{cache.files === 1 ? '' : 's'}, {(cache.bytes / 2 ** 20).toFixed(1)} MB ({cache.kind})
          </Muted>
        </Text>
      )}
      {cache && cache.persistent && (
        <Button secondary data-testid="clear-models" disabled={busy || cache.files === 0} onClick={onClear}>
          Remove downloaded models
        </Button>
      )}
    </Stack>
  );
}
