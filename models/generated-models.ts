import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Node-only helper for benchmarks: makes the random-weight ViT-B/32-shaped CLIP on demand
// (models/generated/ is gitignored; nothing there is ever committed).

const MODELS_DIR = resolve(import.meta.dirname);

export type GeneratedStyle = 'decomposed' | 'fused';

/** Returns the folder holding vision_model.onnx, text_model.onnx, tokenizer.json; generates it first if missing (about a minute, ~600 MB). */
export function ensureVitB32ShapedModel(style: GeneratedStyle = 'decomposed'): string {
  const dir = join(MODELS_DIR, 'generated', `vit-b32-random-${style}`);
  const ready = ['vision_model.onnx', 'text_model.onnx', 'tokenizer.json', 'config.json'].every((f) => existsSync(join(dir, f)));
  if (!ready) {
    execFileSync('nice', ['-n', '10', '/usr/bin/python3', join(MODELS_DIR, 'scripts', 'make_vitb32_shaped.py'), '--style', style, '--out', dir], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return dir;
}
