import { Banner, IconWarning16, Muted, Stack, Text } from '@create-figma-plugin/ui';
import type { EngineState } from './engine-state.ts';

// Which model the engine holds and where it came from; while a real model downloads, how far.

function mib(n: number): string {
  return `${(n / 2 ** 20).toFixed(1)} MB`;
}

export function EnginePanel({ state }: { state: EngineState }) {
  if (state.phase === 'starting')
    return (
      <Text data-testid="engine-status" data-phase="starting">
        <Muted>Engine: {state.detail}</Muted>
      </Text>
    );
  if (state.phase === 'failed') {
    return (
      <div data-testid="engine-status" data-phase="failed">
        <Banner icon={<IconWarning16 />} variant="warning">
          Engine unavailable: {state.error}
        </Banner>
      </div>
    );
  }
  if (state.phase === 'loading-model') {
    const p = state.progress;
    const pct = p?.total ? Math.round((100 * p.received) / p.total) : null;
    return (
      <Stack space="extraSmall">
        <Text data-testid="engine-status" data-phase="loading-model">
          {state.detail}
          {p && (
            <Muted>
              {' '}
              · {p.file}: {mib(p.received)}
              {p.total ? ` of ${mib(p.total)}` : ''} {p.fromCache ? '(from cache)' : '(downloading)'}
            </Muted>
          )}
        </Text>
        {pct !== null && <progress data-testid="model-progress" max={100} value={pct} style={{ width: '100%' }} />}
      </Stack>
    );
  }
  const s = state.status;
  const kept = s.cacheKind === 'memory' ? 'memory for this session only' : s.cacheKind;
  // Hosted, the shipped model is fetched from the plugin's own site and kept like a download.
  const shippedFrom =
    s.cacheKind === 'shipped' ? '' : s.fromCache ? `; read from the ${s.cacheKind} store` : `; fetched from the plugin’s site, kept in ${kept}`;
  const where = s.offlineModel
    ? `shipped with the plugin${shippedFrom}`
    : s.fromCache
      ? `cached (${s.cacheKind})`
      : `downloaded now; kept in ${s.cacheKind === 'memory' ? 'memory for this session only' : s.cacheKind}`;
  return (
    <Stack space="extraSmall">
      <Text data-testid="engine-status" data-phase="ready" data-model={s.modelId} data-from-cache={String(s.fromCache)}>
        Model: {s.modelName}{' '}
        <Muted>
          · {where}
          {state.clipProvider ? ` · CLIP on ${state.clipProvider === 'webgpu' ? 'WebGPU' : 'WASM (CPU)'}` : ''}
        </Muted>
      </Text>
      {s.offlineModel && (
        <Text data-testid="offline-model-notice">
          <Muted>
            Only the tiny offline model is loaded: it knows simple shapes and colours (“a red circle”), not real-world prompts. Choose CLIP ViT-B/32 below to
            download the real model.
          </Muted>
        </Text>
      )}
      {s.notices.map((n, i) => (
        <Text key={i}>
          <Muted>{n}</Muted>
        </Text>
      ))}
    </Stack>
  );
}
