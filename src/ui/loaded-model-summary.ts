import type { EngineStatusInfo, LoadedModelFile } from '../engine-host/engine-host-api.ts';

// The one line that always says which model is loaded, its size as stored and where each
// file came from (the model files panel shows it).

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const FROM: Record<LoadedModelFile['from'], string> = { network: 'downloaded', cache: 'from the cache', disk: 'loaded from disk', shipped: 'shipped' };

/** "Loaded: NAME (VARIANT) · SIZE · vision fp16 downloaded (huggingface.co … vision_model_fp16.onnx); ...", and whether "Save a copy" applies. */
export function describeLoadedModel(status: EngineStatusInfo): { text: string; bytes: number; canSaveCopy: boolean } {
  const files = status.files ?? [];
  const bytes = files.reduce((s, f) => s + f.bytes, 0);
  const each = files.map(
    (f) =>
      `${f.role}${f.stored ? ` ${f.stored}` : ''} ${FROM[f.from]}${f.from === 'network' || f.from === 'disk' ? ` (${f.source.replace(/^https:\/\/([^/]+)\/.*\/([^/]+)$/, '$1 … $2')})` : ''}`,
  );
  return {
    text: `Loaded: ${status.modelName}${status.variant ? ` (${status.variant})` : ''} · ${mb(bytes)}${each.length ? ` · ${each.join('; ')}` : ''}`,
    bytes,
    canSaveCopy: files.some((f) => f.from === 'network'),
  };
}
