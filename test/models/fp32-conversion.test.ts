import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { buildClipGradientModel, parseModel, serializeModel } from '../../src/engine/autodiff/index.ts';
import { convertModelToFp32 } from '../../src/engine/models/convert-to-fp32.ts';
import { opCounts } from '../../src/engine/models/graph-edit.ts';
import { QuantizedPatternError } from '../../src/engine/models/dequantize-int8.ts';
import { fixturePixels, type ClipGradientFixture } from '../support/clip-gradient-fixture.ts';
import { createSessionAsync, runAsync } from '../support/onnx-ort-runner.ts';

// The reduced files built like the published ones (models/scripts/make_published_fixtures.py:
// float16 converter and quantize_dynamic patterns) convert back into float32 graphs with the
// fp32 export's exact op list, and agree with the fp32 export run through ORT: embeddings and
// the directional-loss gradient of the autodiff. The oracle is the fp32 file, never the
// converted one. FIGURES=1 prints the measured figures.

const FOLDERS = ['published-tiny-opset14', 'published-tiny-opset11'];
const images: ClipGradientFixture & { texts: { text: string; ids: number[] }[] } = JSON.parse(
  readFileSync('models/tiny-random-decomposed/gradient-fixture.json', 'utf8'),
);
const pixels = Float32Array.from(fixturePixels(images));
const B = images.images.length;
const file = (folder: string, name: string) => new Uint8Array(readFileSync(`models/${folder}/${name}`));

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));
const relErr = (a: ArrayLike<number>, ref: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i]! - ref[i]!) ** 2;
  return Math.sqrt(d / dot(ref, ref));
};
const rows = (x: Float32Array, n: number) => Array.from({ length: n }, (_, b) => x.subarray((b * x.length) / n, ((b + 1) * x.length) / n));

async function visionAsync(bytes: Uint8Array) {
  const embedsSession = await createSessionAsync(bytes);
  const embeds = (await runAsync(embedsSession, { pixel_values: { data: pixels, dims: [B, 3, 224, 224] } })).image_embeds!.data;
  await embedsSession.release();
  const d = embeds.length / B;
  const gradSession = await createSessionAsync(buildClipGradientModel(bytes, { batchSize: B }));
  const out = await runAsync(gradSession, {
    pixel_values: { data: pixels, dims: [B, 3, 224, 224] },
    delta_t: { data: Float32Array.from(images.deltaT.flat().slice(0, B * d)), dims: [B, d] },
    ref_embeds: { data: Float32Array.from(images.reference.flat().slice(0, B * d)), dims: [B, d] },
    loss_weights: { data: Float32Array.from(images.weights), dims: [B] },
  });
  await gradSession.release();
  return { embeds, loss: out.loss!.data, grad: out.pixel_grad!.data };
}

async function textAsync(bytes: Uint8Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'disabled', logSeverityLevel: 3 });
  const embeds: number[] = [];
  for (const { ids } of images.texts) {
    const out = await session.run({ input_ids: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]) });
    embeds.push(...(out.text_embeds!.data as Float32Array));
  }
  await session.release();
  return Float32Array.from(embeds);
}

const figures: Record<string, unknown> = {};

for (const folder of FOLDERS) {
  test(`${folder}: fp16 and int8 files convert to the fp32 op list and agree with the fp32 export`, async () => {
    const reference = await visionAsync(file(folder, 'vision_model.onnx'));
    const referenceText = await textAsync(file(folder, 'text_model.onnx'));
    const fp32Ops = {
      vision: opCounts(parseModel(file(folder, 'vision_model.onnx')).graph!),
      text: opCounts(parseModel(file(folder, 'text_model.onnx')).graph!),
    };
    for (const [suffix, from] of [
      ['_fp16', 'fp16'],
      ['_quantized', 'int8'],
    ] as const) {
      const vision = convertModelToFp32(file(folder, `vision_model${suffix}.onnx`));
      const text = convertModelToFp32(file(folder, `text_model${suffix}.onnx`));
      assert.equal(vision.conversion.from, from);
      assert.equal(text.conversion.from, from);
      assert.notDeepEqual(vision.conversion.opsBefore, fp32Ops.vision, 'the stored file must hold the reduced pattern');
      assert.deepEqual(vision.conversion.opsAfter, fp32Ops.vision);
      assert.deepEqual(text.conversion.opsAfter, fp32Ops.text);
      assert.deepEqual(vision.conversion.opsWithoutGradient, []);
      const got = await visionAsync(vision.bytes);
      const embedCos = Math.min(...rows(got.embeds, B).map((e, b) => cosine(e, rows(reference.embeds, B)[b]!)));
      const textCos = Math.min(
        ...rows(await textAsync(text.bytes), images.texts.length).map((e, b) => cosine(e, rows(referenceText, images.texts.length)[b]!)),
      );
      const gradCos = cosine(got.grad, reference.grad);
      const gradErr = relErr(got.grad, reference.grad);
      const lossErr = Math.max(...Array.from(got.loss, (l, b) => Math.abs(l - reference.loss[b]!)));
      figures[`${folder} ${from}`] = {
        embedCos,
        textCos,
        gradCos,
        gradRelErr: gradErr,
        lossAbsErr: lossErr,
        castsDropped: vision.conversion.castsDropped + text.conversion.castsDropped,
        integerOpsRewritten: vision.conversion.integerOpsRewritten + text.conversion.integerOpsRewritten,
      };
      if (from === 'fp16') {
        assert.ok(embedCos >= 0.999, `fp16 image embedding cosine ${embedCos}`);
        assert.ok(textCos >= 0.999, `fp16 text embedding cosine ${textCos}`);
        assert.ok(gradCos >= 0.999 && gradErr < 0.05, `fp16 gradient cosine ${gradCos}, relative error ${gradErr}`);
      } else {
        // int8 weights (measured 0.9999 / 0.9997 embedding, 0.9999 gradient cosine, 1.5% error):
        // bounds a little looser than measured, tight enough to catch a wrong scale or zero point.
        assert.ok(embedCos >= 0.999 && textCos >= 0.998, `int8 embedding cosine ${embedCos} / text ${textCos}`);
        assert.ok(gradCos >= 0.995 && gradErr < 0.1, `int8 gradient cosine ${gradCos}, relative error ${gradErr}`);
      }
    }
    if (process.env.FIGURES) process.stderr.write(`${JSON.stringify(figures, null, 1)}\n`);
  });
}

test('a float32 file comes back byte for byte, unconverted', () => {
  const bytes = file(FOLDERS[0]!, 'vision_model.onnx');
  const { bytes: out, conversion } = convertModelToFp32(bytes);
  assert.equal(out, bytes);
  assert.equal(conversion.from, 'fp32');
});

test('an integer op outside the dynamic-quantization pattern is refused with its name', () => {
  const model = parseModel(file(FOLDERS[0]!, 'vision_model_quantized.onnx'));
  const target = model.graph!.node!.find((n) => n.opType === 'MatMulInteger')!;
  // Cut the Cast -> Mul chain after it: the scales can no longer be found.
  const cast = model.graph!.node!.find((n) => n.opType === 'Cast' && n.input![0] === target.output![0])!;
  cast.input = ['some_other_tensor'];
  assert.throws(
    () => convertModelToFp32(serializeModel(model)),
    (e: unknown) => e instanceof QuantizedPatternError && e.message.includes(target.name!) && /MatMulInteger/.test(e.message),
  );
});
