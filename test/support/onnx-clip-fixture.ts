// Reads the gradient fixtures that models/scripts/make_random_tiny.py stores beside each
// random tiny CLIP (PyTorch autograd, float64; see models/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TINY_CLIP_MODELS = ['tiny-random-fused', 'tiny-random-decomposed'] as const;

export interface ClipGradientFixture {
  batch: number;
  embedDim: number;
  /** CLIP-normalised pixels [batch,3,S,S], in float64 (values are float32-exact). */
  pixels: Float64Array;
  imageSize: number;
  deltaT: number[][];
  reference: number[][];
  weights: number[];
  losses: number[];
  totalLoss: number;
  /** d total / d pixel_values from PyTorch. */
  gradient: Float32Array;
}

export function modelDir(name: string): string {
  return join(import.meta.dirname, '..', '..', 'models', name);
}

export function readVisionModel(name: string): Uint8Array {
  return readFileSync(join(modelDir(name), 'vision_model.onnx'));
}

export function readClipGradientFixture(name: string): ClipGradientFixture {
  const fx = JSON.parse(readFileSync(join(modelDir(name), 'gradient-fixture.json'), 'utf8'));
  const size: number = fx.imageSize;
  const plane = size * size;
  const batch: number = fx.images.length;
  const pixels = new Float64Array(batch * 3 * plane);
  fx.images.forEach((image: { rgbBase64: string }, b: number) => {
    const rgb = Buffer.from(image.rgbBase64, 'base64');
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < plane; i++) pixels[(b * 3 + c) * plane + i] = Math.fround((rgb[i * 3 + c]! / 255 - fx.clipMean[c]) / fx.clipStd[c]);
    }
  });
  const raw = Buffer.from(fx.gradient.base64, 'base64');
  const gradient = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return {
    batch,
    embedDim: fx.embedDim,
    pixels,
    imageSize: size,
    deltaT: fx.deltaT,
    reference: fx.reference,
    weights: fx.weights,
    losses: fx.losses,
    totalLoss: fx.totalLoss,
    gradient,
  };
}

/** Op types that onnxruntime-web's WebGPU provider implements in the ai.onnx domain (from its own docs). */
export function webgpuOnnxOps(): Set<string> {
  const doc = readFileSync(join(import.meta.dirname, '..', '..', 'node_modules', 'onnxruntime-web', 'docs', 'webgpu-operators.md'), 'utf8');
  return new Set([...doc.matchAll(/^\| (\w+) \| ([^|]*)\|/gm)].filter((m) => /ai\.onnx\(/.test(m[2]!)).map((m) => m[1]!));
}
