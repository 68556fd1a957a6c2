import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import type { RgbaImage } from '../../src/image/rgba-image.ts';
import { ClipTokenizer } from '../../src/engine/clip/clip-tokenizer.ts';
import { createOrtTextTowerAsync } from '../../src/engine/clip/text-tower.ts';
import { norm, PromptEmbeddings } from '../../src/engine/clip/text-embeddings.ts';
import { TEMPLATES } from '../support/edit-browser.ts';

// Zero-shot classification of whole renders with a CLIP model folder (transformers.js
// layout), the product's text path (tokenizer, ORT text tower, the 79-template mean) and
// ORT WASM for the vision tower: argmax of the cosine between the image embedding and each
// prompt's embedding. The image is the render centred in a white square, resized to 224
// (what the loss's reference view is).

const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];

export interface ZeroShot {
  /** Index of the best prompt for each image. */
  classifyAsync(images: readonly RgbaImage[], prompts: readonly string[]): Promise<number[]>;
  releaseAsync(): Promise<void>;
}

/** Bilinear resize of a square-padded image to 224 over white, CLIP-normalised, CHW. */
function pixelValues(img: RgbaImage, out: Float32Array, offset: number): void {
  const side = Math.max(img.width, img.height);
  const ox = (side - img.width) / 2;
  const oy = (side - img.height) / 2;
  const at = (x: number, y: number, c: number) => {
    const ix = Math.round(x - ox);
    const iy = Math.round(y - oy);
    if (ix < 0 || iy < 0 || ix >= img.width || iy >= img.height) return 1;
    return img.data[(iy * img.width + ix) * 4 + c]! / 255;
  };
  for (let y = 0; y < 224; y++)
    for (let x = 0; x < 224; x++) {
      const sx = ((x + 0.5) * side) / 224 - 0.5;
      const sy = ((y + 0.5) * side) / 224 - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const v = (1 - fy) * ((1 - fx) * at(x0, y0, c) + fx * at(x0 + 1, y0, c)) + fy * ((1 - fx) * at(x0, y0 + 1, c) + fx * at(x0 + 1, y0 + 1, c));
        out[offset + (c * 224 + y) * 224 + x] = (v - MEAN[c]!) / STD[c]!;
      }
    }
}

export async function openZeroShotAsync(modelDir: string): Promise<ZeroShot> {
  ort.env.wasm.numThreads = 1;
  const templates: string[] = JSON.parse(readFileSync(TEMPLATES, 'utf8'));
  const tokenizer = new ClipTokenizer(JSON.parse(readFileSync(`${modelDir}/tokenizer.json`, 'utf8')));
  const text = await createOrtTextTowerAsync(ort, readFileSync(`${modelDir}/text_model.onnx`));
  const prompts = new PromptEmbeddings(tokenizer, text, templates);
  const vision = await ort.InferenceSession.create(readFileSync(`${modelDir}/vision_model.onnx`), { executionProviders: ['wasm'] });
  return {
    async classifyAsync(images, promptTexts) {
      const embeds = await Promise.all(promptTexts.map(async (p) => (await prompts.promptAsync(p)).embedding));
      const out: number[] = [];
      for (const img of images) {
        const px = new Float32Array(3 * 224 * 224);
        pixelValues(img, px, 0);
        const r = await vision.run({ pixel_values: new ort.Tensor('float32', px, [1, 3, 224, 224]) });
        const e = r.image_embeds!.data as Float32Array;
        const n = norm(e);
        let best = 0;
        let bestScore = -Infinity;
        embeds.forEach((t, i) => {
          let dot = 0;
          for (let k = 0; k < e.length; k++) dot += (e[k]! / n) * t[k]!;
          if (dot > bestScore) (bestScore = dot), (best = i);
        });
        out.push(best);
      }
      return out;
    },
    async releaseAsync() {
      await vision.release();
      await text.releaseAsync();
    },
  };
}
