// The one-layer ViT-B/32-shaped fixture (models/published-vitb32-shallow, built like the
// published export) served by the loopback hub under the real registry entry's file names,
// with CLIP's own tokenizer.json (rebuilt from models/clip-text/clip-bpe, pinned by the
// registry's CLIP merges hash), and the registry entry those files pin to.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { VIT_B32 } from '../../models/model-registry.ts';
import { clipTokenizerJsonFromBpeText } from '../../src/engine/clip/clip-bpe-vocab.ts';
import type { ModelEntry, RegistryFile, RegistryVariant } from '../../src/engine/models/model-entry.ts';
import { startLoopbackHubAsync, type HubFile, type LoopbackHub } from './loopback-hub.ts';

const DIR = 'models/published-vitb32-shallow';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function shallowFiles(): HubFile[] {
  const inflate = (name: string) => new Uint8Array(gunzipSync(readFileSync(`${DIR}/${name}.gz`)));
  const tokenizer = JSON.stringify(
    clipTokenizerJsonFromBpeText(gunzipSync(readFileSync('models/clip-text/clip-bpe/bpe_simple_vocab_16e6.txt.gz')).toString('utf8')),
  );
  return [
    { path: 'onnx/vision_model_fp16.onnx', bytes: inflate('vision_model_fp16.onnx') },
    { path: 'onnx/vision_model_quantized.onnx', bytes: inflate('vision_model_quantized.onnx') },
    { path: 'onnx/text_model_quantized.onnx', bytes: inflate('text_model_quantized.onnx') },
    { path: 'tokenizer.json', bytes: new TextEncoder().encode(tokenizer), small: true },
  ];
}

export interface ShallowHub {
  hub: LoopbackHub;
  /** VIT_B32 with its default variant's files pinned to the fixture (same roles, names, stored precisions). */
  entry: ModelEntry;
  variant: RegistryVariant;
}

export async function startShallowHubAsync(): Promise<ShallowHub> {
  const files = shallowFiles();
  const hub = await startLoopbackHubAsync(files);
  const real = VIT_B32.variants[VIT_B32.defaultVariant]!;
  const pin = (real: RegistryFile): RegistryFile => {
    const path = new URL(real.url).pathname.split('/resolve/')[1]!.split('/').slice(1).join('/');
    const f = files.find((x) => x.path === path);
    if (!f) throw new Error(`the fixture has no ${path} (the default variant's file)`);
    return { ...real, url: hub.url(path), sha256: sha(f.bytes), bytes: f.bytes.length, provenance: 'published-vitb32-shallow fixture' };
  };
  const variant: RegistryVariant = { vision: pin(real.vision), text: pin(real.text), tokenizer: pin(real.tokenizer) };
  return { hub, variant, entry: { ...VIT_B32, variants: { [VIT_B32.defaultVariant]: variant } } };
}
