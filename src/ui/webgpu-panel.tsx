import { Muted, Text } from '@create-figma-plugin/ui';
import type { WebGpuStatus } from './webgpu-status.ts';

export function WebGpuPanel({ status }: { status: WebGpuStatus | null }) {
  if (!status) return <Text data-testid="webgpu-status" data-webgpu="probing"><Muted>WebGPU: probing…</Muted></Text>;
  if (status.available) {
    return (
      <Text data-testid="webgpu-status" data-webgpu="available">
        WebGPU: {status.adapter} <Muted>· {status.features} features · max buffer {Math.round(status.maxBufferSize / 2 ** 20)} MiB</Muted>
      </Text>
    );
  }
  return (
    <Text data-testid="webgpu-status" data-webgpu="unavailable">
      WebGPU unavailable: <Muted>{status.reason}</Muted>
    </Text>
  );
}
