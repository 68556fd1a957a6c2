// Graph-level behaviour of the gradient builder: shape subgraphs of real exports,
// random broadcasting (property test), error messages, browser bundling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import { buildClipGradientModel, buildGradientGraph, parseModel, serializeModel } from '../../src/engine/autodiff/index.ts';
import { buildTestModel, buildTestModelProto } from '../support/onnx-model-builder.ts';
import { checkGradientAsync, randomTensor } from '../support/onnx-gradient-check.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';

const int64 = (name: string, values: number[], dims = [values.length]) => ({ name, dims, values, int64: true });

test('HF-style attention (reshape to [batch*heads, -1, head_dim] from a Shape subgraph) matches finite differences', async () => {
  const model = buildTestModel({
    opset: 14,
    inputs: [{ name: 'x', shape: ['B', 5, 8] }],
    outputs: ['y'],
    initializers: [
      int64('zero', [0], []),
      int64('one', [1], []),
      int64('heads', [2]),
      int64('hd', [4]),
      int64('m1', [-1]),
      int64('headsS', [2], []),
      int64('ax0', [0]),
    ],
    nodes: [
      { op: 'Shape', inputs: ['x'], outputs: ['s'] },
      { op: 'Gather', inputs: ['s', 'zero'], outputs: ['b'], attrs: { axis: 0 } },
      { op: 'Gather', inputs: ['s', 'one'], outputs: ['t'], attrs: { axis: 0 } },
      { op: 'Unsqueeze', inputs: ['b', 'ax0'], outputs: ['b1'] },
      { op: 'Unsqueeze', inputs: ['t', 'ax0'], outputs: ['t1'] },
      { op: 'Concat', inputs: ['b1', 't1', 'heads', 'hd'], outputs: ['shape4'], attrs: { axis: 0 } },
      { op: 'Reshape', inputs: ['x', 'shape4'], outputs: ['r4'] },
      { op: 'Transpose', inputs: ['r4'], outputs: ['tr'], attrs: { perm: [0, 2, 1, 3] } },
      { op: 'Mul', inputs: ['b', 'headsS'], outputs: ['bh'] },
      { op: 'Unsqueeze', inputs: ['bh', 'ax0'], outputs: ['bh1'] },
      { op: 'Concat', inputs: ['bh1', 'm1', 'hd'], outputs: ['shape3'], attrs: { axis: 0 } },
      { op: 'Reshape', inputs: ['tr', 'shape3'], outputs: ['q'] },
      { op: 'Transpose', inputs: ['q'], outputs: ['kt'], attrs: { perm: [0, 2, 1] } },
      { op: 'MatMul', inputs: ['q', 'kt'], outputs: ['sc'] },
      { op: 'Softmax', inputs: ['sc'], outputs: ['p'], attrs: { axis: -1 } },
      { op: 'MatMul', inputs: ['p', 'q'], outputs: ['o'] },
      { op: 'Concat', inputs: ['b1', 'heads', 't1', 'hd'], outputs: ['shape4b'], attrs: { axis: 0 } },
      { op: 'Reshape', inputs: ['o', 'shape4b'], outputs: ['o4'] },
      { op: 'Transpose', inputs: ['o4'], outputs: ['o5'], attrs: { perm: [0, 2, 1, 3] } },
      { op: 'Concat', inputs: ['b1', 't1', 'm1'], outputs: ['shape3b'], attrs: { axis: 0 } },
      { op: 'Reshape', inputs: ['o5', 'shape3b'], outputs: ['y'] },
    ],
  });
  // batch*heads and the Reshape's -1 resolve statically, so the gradient adds no Shape nodes.
  const grad = buildGradientGraph(parseModel(model), { wrt: ['x'], seeds: [{ output: 'y', gradInput: 'gy' }] }).model;
  const shapeNodes = (m: typeof grad) => m.graph!.node!.filter((n) => n.opType === 'Shape').length;
  assert.equal(shapeNodes(grad), shapeNodes(parseModel(model)));
  const result = await checkGradientAsync({ model, feeds: { x: randomTensor([2, 5, 8], mulberry32(3)) }, wrt: ['x'], output: 'y' });
  assert.equal(result.nan, false);
  assert.ok(result.passFraction >= 0.95, result.worst);
});

test('property: binary ops on random broadcast shapes match finite differences', async () => {
  const dim = fc.integer({ min: 1, max: 3 });
  const shapePair = fc
    .tuple(fc.array(dim, { minLength: 1, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 2 }))
    .map(([full, ones, drop]) => {
      const other = full.map((d, i) => (ones[i] ? 1 : d)).slice(Math.min(drop, full.length - 1));
      return [full, other] as const;
    });
  await fc.assert(
    fc.asyncProperty(
      shapePair,
      fc.constantFrom('Add', 'Sub', 'Mul', 'Div'),
      fc.boolean(),
      fc.integer({ min: 1, max: 1000 }),
      async ([a, b], op, swap, seed) => {
        const [xs, zs] = swap ? [b, a] : [a, b];
        const rand = mulberry32(seed);
        const model = buildTestModel({
          opset: 17,
          inputs: [
            { name: 'x', shape: [...xs] },
            { name: 'z', shape: [...zs] },
          ],
          outputs: ['y'],
          nodes: [{ op, inputs: ['x', 'z'], outputs: ['y'] }],
        });
        const feeds = { x: randomTensor([...xs], rand), z: randomTensor([...zs], rand, 0.5, 1.5) };
        const result = await checkGradientAsync({ model, feeds, wrt: ['x', 'z'], output: 'y', samples: 8, seed });
        return !result.nan && result.passFraction >= 0.95;
      },
    ),
    { numRuns: 15, seed: 42 },
  );
});

test('unsupported ops, custom domains and bad names are reported clearly', () => {
  const model = (op: string, domain?: string) => {
    const proto = buildTestModelProto({ opset: 17, inputs: [{ name: 'x', shape: [2] }], outputs: ['y'], nodes: [{ op, inputs: ['x'], outputs: ['y'] }] });
    if (domain) {
      proto.graph!.node![0]!.domain = domain;
      proto.opsetImport!.push({ domain, version: 1 });
    }
    return proto;
  };
  const seeds = [{ output: 'y', gradInput: 'gy' }];
  assert.throws(() => buildGradientGraph(model('Sin'), { wrt: ['x'], seeds }), /no gradient rule for ONNX op Sin/);
  assert.throws(() => buildGradientGraph(model('QuickGelu', 'com.microsoft'), { wrt: ['x'], seeds }), /domain "com.microsoft"/);
  assert.throws(() => buildGradientGraph(model('Exp'), { wrt: ['w'], seeds }), /"w" is not an input/);
  assert.throws(() => buildGradientGraph(model('Exp'), { wrt: ['x'], seeds: [{ output: 'y', gradInput: 'x' }] }), /already used/);
  const old = model('Exp');
  old.opsetImport = [{ domain: '', version: 9 }];
  assert.throws(() => buildGradientGraph(old, { wrt: ['x'], seeds }), /opset 9 is too old/);
  assert.throws(() => buildClipGradientModel(new Uint8Array([1, 2, 3, 4, 5])), /not an ONNX model/);
  assert.throws(() => buildClipGradientModel(serializeModel(model('Exp'))), /no input "pixel_values"/);
  const source = model('Exp');
  const shapes = buildGradientGraph(source, { wrt: ['x'], seeds }).model;
  assert.equal(source.graph!.node!.length, 1, 'the source model is left as it was');
  assert.deepEqual(
    source.graph!.output!.map((o) => o.name),
    ['y'],
  );
  assert.deepEqual(source.graph!.node![0]!.output, ['y']);
  assert.deepEqual(
    shapes.graph!.output!.map((o) => o.name),
    ['y', 'x_grad'],
  );
  assert.deepEqual(
    parseModel(serializeModel(shapes)).graph!.input!.map((i) => i.name),
    ['x', 'gy'],
  );
});

test('the autodiff engine bundles for the browser without Node built-ins', async () => {
  const result = await esbuild.build({
    entryPoints: [new URL('../../src/engine/autodiff/index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    metafile: true,
  });
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((p) => p.includes('onnx-proto')));
  assert.ok(!inputs.some((p) => p.startsWith('node:')), inputs.join(', '));
  assert.equal(result.errors.length, 0);
});
