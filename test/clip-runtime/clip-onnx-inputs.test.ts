import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import onnxProto from 'onnx-proto';
import { batchDimensionOverrides, fixedBatchOverrides, readOnnxInputShapes } from '../../src/engine/clip/clip-onnx-inputs.ts';
import { buildToyGradientModel } from '../support/clip-toy-gradient-model.ts';

// Oracle: protobufjs's full decode of the same bytes.
function decodedInputs(bytes: Uint8Array) {
  const model = onnxProto.onnx.ModelProto.decode(bytes);
  return (model.graph!.input ?? []).map((i) => ({
    name: i.name,
    dims: (i.type!.tensorType!.shape!.dim ?? []).map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue))),
  }));
}

const models = ['tiny-random-fused/vision_model.onnx', 'tiny-random-fused/text_model.onnx', 'tiny-random-decomposed/vision_model.onnx'];

for (const path of models) {
  test(`reads the graph inputs of ${path} like a full protobuf decode`, () => {
    const bytes = new Uint8Array(readFileSync(new URL(`../../models/${path}`, import.meta.url)));
    assert.deepEqual(readOnnxInputShapes(bytes), decodedInputs(bytes));
  });
}

test('batch overrides name the symbolic first dimension of every input', () => {
  const toy = buildToyGradientModel(8);
  assert.deepEqual(readOnnxInputShapes(toy), decodedInputs(toy));
  assert.deepEqual(batchDimensionOverrides(toy, 6), { batch: 6 });
});

test('bytes that are not ONNX give a clear error', () => {
  assert.throws(() => readOnnxInputShapes(new Uint8Array([0x08, 0x01])), /not an ONNX model/);
  assert.throws(() => readOnnxInputShapes(new Uint8Array([0x3a, 0x50, 0x01])), /truncated ONNX/);
});

test('the weights are skipped, not decoded, and a dimension with neither size nor name reads as "?"', () => {
  const { onnx } = onnxProto;
  const input = { name: 'pixel_values', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, {}, { dimValue: 224 }] } } } };
  const graph = onnx.GraphProto.encode({ name: 'g', input: [input] }).finish();
  // GraphProto.initializer (field 5) whose TensorProto payload a full decode rejects: an unknown
  // field 99 with wire type 7, which protobuf does not define.
  const badInitializer = [0x2a, 2, 0x9f, 0x06];
  const graphBytes = [...graph, ...badInitializer];
  const model = new Uint8Array([0x3a, graphBytes.length, ...graphBytes]);
  assert.ok(graphBytes.length < 128);
  assert.throws(() => onnx.ModelProto.decode(model), /invalid wire type 7/);
  assert.deepEqual(readOnnxInputShapes(model), [{ name: 'pixel_values', dims: ['batch', '?', 224] }]);
});

test('a batch pinned in the model must match the micro-batch size', () => {
  const toy = buildToyGradientModel(8);
  const pinned = onnxProto.onnx.ModelProto.decode(toy);
  for (const input of pinned.graph!.input ?? []) input.type!.tensorType!.shape!.dim![0] = { dimValue: 4 };
  const bytes = onnxProto.onnx.ModelProto.encode(pinned).finish();
  assert.deepEqual(fixedBatchOverrides(bytes, 4), {});
  assert.throws(() => fixedBatchOverrides(bytes, 2), /pinned to batch 4, but the runtime was asked for micro-batches of 2/);
});
