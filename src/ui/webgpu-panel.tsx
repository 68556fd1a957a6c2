import { Muted, Stack, Text } from '@create-figma-plugin/ui';
import type { WebGpuProbe, WebGpuStatus } from './webgpu-status.ts';

function describe(p: WebGpuProbe) {
  return p.available ? (
    <span>
      {p.adapter}{' '}
      <Muted>
        · {p.features} features · max buffer {Math.round(p.maxBufferSize / 2 ** 20)} MiB
      </Muted>
    </span>
  ) : (
    <span>
      unavailable: <Muted>{p.reason}</Muted>
    </span>
  );
}

export function WebGpuPanel({ status }: { status: WebGpuStatus | null }) {
  if (!status) {
    return (
      <Text data-testid="webgpu-status" data-webgpu="probing">
        <Muted>WebGPU: probing…</Muted>
      </Text>
    );
  }
  const { here, nested } = status;
  return (
    <div
      data-testid="webgpu-status"
      data-webgpu={here.available ? 'available' : 'unavailable'}
      data-webgpu-nested={nested === null ? 'not-probed' : nested.available ? 'available' : 'unavailable'}
    >
      <Stack space="extraSmall">
        <Text>WebGPU here: {describe(here)}</Text>
        {nested && <Text data-testid="webgpu-nested">WebGPU in a sandboxed engine frame: {describe(nested)}</Text>}
      </Stack>
    </div>
  );
}
