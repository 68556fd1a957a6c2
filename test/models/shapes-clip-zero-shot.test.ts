import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as ort from 'onnxruntime-web';
import { decode } from 'fast-png';
import { SHAPES_CLIP } from '../../models/model-registry.ts';
import { MODEL_ORIGINS } from '../../models/model-hosts.ts';
import { loadClipModelAsync } from '../../src/engine/models/clip-model-loader.ts';
import { ClipTokenizer } from '../../src/engine/clip/clip-tokenizer.ts';
import { createOrtTextTowerAsync } from '../../src/engine/clip/text-tower.ts';
import { PromptEmbeddings, norm } from '../../src/engine/clip/text-embeddings.ts';

// The shipped shapes CLIP, loaded the way the product loads any CLIP (registry entry ->
// loader -> ORT), must rank the right colour / shape prompt first on held-out scenes
// (models/shapes-clip/eval-scenes.json: procedural icon scenes from a seed training never
// used, with their dominant colour and, where a scene holds exactly one, its named shape).
const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];

interface Scene {
  dominant: string;
  shape: string | null;
  predictedColour: string;
  predictedShape: string;
  pngBase64: string;
}

let server: Server;
let base = '';
before(async () => {
  ort.env.wasm.numThreads = 1;
  server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '');
    if (path.includes('..')) return void res.writeHead(403).end();
    readFile(join('models', path)).then(
      (b) => res.writeHead(200, { 'content-length': b.length }).end(b),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

function pixelValues(scenes: Scene[]): Float32Array {
  const out = new Float32Array(scenes.length * 3 * 224 * 224);
  scenes.forEach((s, b) => {
    const png = decode(Buffer.from(s.pngBase64, 'base64'));
    assert.equal(png.width, 224);
    const ch = png.channels;
    for (let y = 0; y < 224; y++)
      for (let x = 0; x < 224; x++)
        for (let c = 0; c < 3; c++) out[((b * 3 + c) * 224 + y) * 224 + x] = ((png.data[(y * 224 + x) * ch + c] as number) / 255 - MEAN[c]!) / STD[c]!;
  });
  return out;
}

function argmaxCos(v: Float32Array, options: Float32Array[]): number {
  let best = -1;
  let bestScore = -Infinity;
  options.forEach((o, i) => {
    let dot = 0;
    for (let k = 0; k < v.length; k++) dot += v[k]! * o[k]!;
    if (dot > bestScore) (bestScore = dot), (best = i);
  });
  return best;
}

test("shapes CLIP zero-shot through the product's loader and ORT agrees with PyTorch and beats chance", { timeout: 170_000 }, async () => {
  const model = await loadClipModelAsync(SHAPES_CLIP, { allowedOrigins: MODEL_ORIGINS, localBaseUrl: base });
  const templates: string[] = JSON.parse(readFileSync('models/clip-text/imagenet-templates.json', 'utf8'));
  const prompts = new PromptEmbeddings(new ClipTokenizer(model.tokenizerJson!), await createOrtTextTowerAsync(ort, model.text!), templates);
  const evalSet: { colours: string[]; shapes: string[]; scenes: Scene[] } = JSON.parse(readFileSync('models/shapes-clip/eval-scenes.json', 'utf8'));
  const { colours: COLOURS, shapes: SHAPES, scenes } = evalSet;
  const colourPrompts = await Promise.all(COLOURS.map(async (c) => (await prompts.promptAsync(`a ${c} icon`)).embedding));
  const shapePrompts = await Promise.all(SHAPES.map(async (s) => (await prompts.promptAsync(`a ${s}`)).embedding));
  const vision = await ort.InferenceSession.create(model.vision!, { executionProviders: ['wasm'] });
  let colourRight = 0,
    shapeRight = 0,
    shapeScenes = 0,
    agreeTorch = 0;
  for (let i = 0; i < scenes.length; i += 20) {
    const batch = scenes.slice(i, i + 20);
    const out = await vision.run({ pixel_values: new ort.Tensor('float32', pixelValues(batch), [batch.length, 3, 224, 224]) });
    const embeds = out.image_embeds!.data as Float32Array;
    const d = embeds.length / batch.length;
    batch.forEach((s, b) => {
      const e = embeds.slice(b * d, (b + 1) * d);
      const n = norm(e);
      e.forEach((v, k) => (e[k] = v / n));
      const colour = COLOURS[argmaxCos(e, colourPrompts)]!;
      const shape = SHAPES[argmaxCos(e, shapePrompts)]!;
      colourRight += +(colour === s.dominant);
      if (s.shape) (shapeRight += +(shape === s.shape)), shapeScenes++;
      agreeTorch += +(colour === s.predictedColour) + +(shape === s.predictedShape);
    });
  }
  await vision.release();
  const colourAcc = colourRight / scenes.length;
  const shapeAcc = shapeRight / shapeScenes;
  process.stderr.write(
    `shapes-clip zero-shot on ${scenes.length} held-out scenes (TS/ORT): colour ${colourAcc.toFixed(3)}, shape ${shapeAcc.toFixed(3)} (${shapeScenes} one-shape scenes); agreement with PyTorch ${(agreeTorch / (2 * scenes.length)).toFixed(3)}\n`,
  );
  assert.ok(agreeTorch / (2 * scenes.length) >= 0.95, 'ORT and PyTorch must make (almost) the same predictions');
  assert.ok(colourAcc > 0.5, `colour accuracy ${colourAcc} (chance ${(1 / COLOURS.length).toFixed(2)})`);
  // Shape is the weak side of the tiny model (46% on 198 held-out one-shape scenes in PyTorch,
  // models/shapes-clip/zero-shot.json; 33% on these 42): above chance is what it holds.
  assert.ok(shapeAcc > 1 / SHAPES.length, `shape accuracy ${shapeAcc} (chance ${(1 / SHAPES.length).toFixed(2)})`);
});
