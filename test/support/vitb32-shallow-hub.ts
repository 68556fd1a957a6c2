// The one-layer ViT-B/32-shaped fixture (models/published-vitb32-shallow, built like the
// published export) served by a loopback hub at the real registry entry's URLs (same repo,
// revision and file names), with CLIP's own tokenizer.json (rebuilt from
// models/clip-text/clip-bpe, pinned by the registry's CLIP merges hash), and the registry
// variant those files pin to: the default variant's URLs, roles and stored precisions, with the
// fixture's sizes and SHA-256 in place of the published files'.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { VIT_B32 } from '../../models/model-registry.ts';
import { clipTokenizerJsonFromBpeText } from '../../src/engine/clip/clip-bpe-vocab.ts';
import type { RegistryFile, RegistryVariant } from '../../src/engine/models/model-entry.ts';
import { hubResponder, startLoopbackHubAsync, type HubFile, type HubOptions, type HubResponder, type LoopbackHub } from './loopback-hub.ts';

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

/** huggingface.co/ORG/REPO/resolve/REV/PATH of a registry URL, split. */
function resolveParts(url: string): { repo: string; rev: string; path: string } {
  const m = /^https:\/\/huggingface\.co\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url);
  if (!m) throw new Error(`not a hub resolve URL: ${url}`);
  return { repo: m[1]!, rev: m[2]!, path: m[3]! };
}

/** The hub's repo and revision of the registry's default ViT-B/32 variant. */
export function registryHubOptions(): Required<HubOptions> {
  const { repo, rev } = resolveParts(VIT_B32.variants[VIT_B32.defaultVariant]!.vision.url);
  return { repo, rev };
}

/** VIT_B32's default variant with each file pinned to the fixture file of the same name. */
export function shallowVariant(files: HubFile[] = shallowFiles()): RegistryVariant {
  const real = VIT_B32.variants[VIT_B32.defaultVariant]!;
  const pin = (real: RegistryFile): RegistryFile => {
    const { path } = resolveParts(real.url);
    const f = files.find((x) => x.path === path);
    if (!f) throw new Error(`the fixture has no ${path} (the default variant's file)`);
    return { ...real, sha256: sha(f.bytes), bytes: f.bytes.length, provenance: 'published-vitb32-shallow fixture' };
  };
  return { vision: pin(real.vision), text: pin(real.text), tokenizer: pin(real.tokenizer) };
}

/** The hub's answers for the fixture at the registry's URLs (for a server of the caller's own, e.g. TLS). */
export function shallowHubResponder(files: HubFile[] = shallowFiles()): HubResponder {
  return hubResponder(files, registryHubOptions());
}

export interface ShallowHub {
  hub: LoopbackHub;
  /** VIT_B32's default variant pinned to the fixture (same URLs, roles, names, stored precisions). */
  variant: RegistryVariant;
}

export async function startShallowHubAsync(): Promise<ShallowHub> {
  const files = shallowFiles();
  const hub = await startLoopbackHubAsync(files, registryHubOptions());
  return { hub, variant: shallowVariant(files) };
}
