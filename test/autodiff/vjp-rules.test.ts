// Every VJP rule alone: a one-op model (or a short chain for decomposed patterns), its
// gradient graph run by onnxruntime (wasm), against central finite differences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestModel, type TestInitializer, type TestInput, type TestNode } from '../support/onnx-model-builder.ts';
import { checkGradientAsync, randomTensor } from '../support/onnx-gradient-check.ts';
import { mulberry32 } from '../../src/engine/random/seeded-random.ts';
import type { Feeds } from '../support/onnx-ort-runner.ts';

interface Case {
  name: string;
  opset?: number;
  inputs: (TestInput & { concrete?: number[]; lo?: number; hi?: number })[];
  nodes: TestNode[];
  initializers?: TestInitializer[];
  wrt?: string[];
  output?: string;
  eps?: number;
}

const INT_MAX = 2 ** 31 - 1;
const ints = (name: string, values: number[], dims = [values.length]): TestInitializer => ({ name, dims, values, int64: true });
const floats = (name: string, values: number[], dims: number[] = []): TestInitializer => ({ name, dims, values });
const unary = (op: string, lo = -1, hi = 1, opset = 17, attrs = {}): Case => ({
  name: `${op}${Object.keys(attrs).length ? ` ${JSON.stringify(attrs)}` : ''}`,
  opset,
  inputs: [{ name: 'x', shape: [2, 3, 4], lo, hi }],
  nodes: [{ op, inputs: ['x'], outputs: ['y'], attrs }],
});
const binary = (op: string, xs: (number | string)[], ys: (number | string)[], ylo = -1, yhi = 1, concrete?: number[], xlo = -1): Case => ({
  name: `${op} [${xs.join(',')}] with [${ys.join(',')}]`,
  inputs: [
    { name: 'x', shape: xs, concrete, lo: xlo },
    { name: 'z', shape: ys, lo: ylo, hi: yhi },
  ],
  nodes: [{ op, inputs: ['x', 'z'], outputs: ['y'] }],
});

const cases: Case[] = [
  binary('Add', [2, 3, 4], [4]),
  binary('Add', [2, 3, 4], [3, 1]),
  binary('Add', ['B', 3, 4], [1, 3, 4], -1, 1, [2, 3, 4]),
  binary('Sub', [2, 3], [2, 1]),
  binary('Sub', [3], [2, 3]),
  binary('Mul', [2, 3, 4], [1, 3, 1]),
  binary('Div', [2, 3], [3], 0.5, 1.5),
  binary('Div', [2, 1], [2, 3], 0.5, 1.5),
  binary('Pow', [2, 3], [3], 0.5, 2, undefined, 0.5),
  {
    name: 'Pow with constant exponent 2 (decomposed variance)',
    inputs: [{ name: 'x', shape: [2, 3] }],
    initializers: [floats('two', [2])],
    nodes: [{ op: 'Pow', inputs: ['x', 'two'], outputs: ['y'] }],
  },
  {
    name: 'Pow with constant exponent 3',
    inputs: [{ name: 'x', shape: [2, 3], lo: 0.5, hi: 2 }],
    initializers: [floats('three', [3])],
    nodes: [{ op: 'Pow', inputs: ['x', 'three'], outputs: ['y'] }],
  },
  unary('Sqrt', 0.5, 2),
  unary('Neg'),
  unary('Exp'),
  unary('Log', 0.5, 2),
  unary('Reciprocal', 0.5, 2),
  unary('Erf', -2, 2),
  unary('Tanh', -2, 2),
  unary('Sigmoid', -3, 3),
  unary('Relu'),
  unary('Gelu', -3, 3, 20),
  unary('Gelu', -3, 3, 20, { approximate: 'tanh' }),
  unary('Softmax', -2, 2, 13, { axis: 1 }),
  unary('Softmax', -2, 2, 17),
  unary('Softmax', -2, 2, 11, { axis: 1 }),
  unary('Identity'),
  {
    name: 'Cast float -> double -> float',
    inputs: [{ name: 'x', shape: [2, 3] }],
    nodes: [
      { op: 'Cast', inputs: ['x'], outputs: ['d'], attrs: { to: 11 } },
      { op: 'Exp', inputs: ['d'], outputs: ['e'] },
      { op: 'Cast', inputs: ['e'], outputs: ['y'], attrs: { to: 1 } },
    ],
  },
  {
    name: 'LayerNormalization (scale, bias)',
    inputs: [
      { name: 'x', shape: ['B', 3, 8], concrete: [2, 3, 8] },
      { name: 's', shape: [8] },
      { name: 'b', shape: [8] },
    ],
    nodes: [{ op: 'LayerNormalization', inputs: ['x', 's', 'b'], outputs: ['y'], attrs: { axis: -1, epsilon: { float: 1e-5 } } }],
  },
  {
    name: 'LayerNormalization over two axes, no bias',
    inputs: [
      { name: 'x', shape: [2, 3, 4] },
      { name: 's', shape: [3, 4] },
    ],
    nodes: [{ op: 'LayerNormalization', inputs: ['x', 's'], outputs: ['y'], attrs: { axis: 1 } }],
  },
  {
    name: 'decomposed LayerNorm (ReduceMean, Sub, Pow, Add, Sqrt, Div), opset 14',
    opset: 14,
    inputs: [{ name: 'x', shape: ['B', 5, 6], concrete: [2, 5, 6] }],
    initializers: [floats('two', [2]), floats('eps', [1e-5]), floats('w', [0.5, 1, 1.5, 2, -1, 0.3], [6]), floats('bias', [0.1, 0, 0, 0.2, 0, -0.3], [6])],
    nodes: [
      { op: 'ReduceMean', inputs: ['x'], outputs: ['mean'], attrs: { axes: [-1], keepdims: 1 } },
      { op: 'Sub', inputs: ['x', 'mean'], outputs: ['c'] },
      { op: 'Pow', inputs: ['c', 'two'], outputs: ['sq'] },
      { op: 'ReduceMean', inputs: ['sq'], outputs: ['var'], attrs: { axes: [-1], keepdims: 1 } },
      { op: 'Add', inputs: ['var', 'eps'], outputs: ['ve'] },
      { op: 'Sqrt', inputs: ['ve'], outputs: ['sd'] },
      { op: 'Div', inputs: ['c', 'sd'], outputs: ['n'] },
      { op: 'Mul', inputs: ['n', 'w'], outputs: ['nw'] },
      { op: 'Add', inputs: ['nw', 'bias'], outputs: ['y'] },
    ],
  },
  {
    name: 'QuickGELU chain (Mul, Sigmoid, Mul)',
    inputs: [{ name: 'x', shape: [2, 6], lo: -3, hi: 3 }],
    initializers: [floats('k', [1.702])],
    nodes: [
      { op: 'Mul', inputs: ['x', 'k'], outputs: ['kx'] },
      { op: 'Sigmoid', inputs: ['kx'], outputs: ['s'] },
      { op: 'Mul', inputs: ['x', 's'], outputs: ['y'] },
    ],
  },
  {
    name: 'MatMul batched @ matrix',
    inputs: [
      { name: 'a', shape: ['B', 3, 4], concrete: [2, 3, 4] },
      { name: 'b', shape: [4, 5] },
    ],
    nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] }],
  },
  {
    name: 'MatMul with broadcast batch dims',
    inputs: [
      { name: 'a', shape: [2, 1, 3, 4] },
      { name: 'b', shape: [3, 4, 2] },
    ],
    nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] }],
  },
  {
    name: 'MatMul vector @ matrix and matrix @ vector',
    inputs: [
      { name: 'a', shape: [4] },
      { name: 'b', shape: [4, 3] },
      { name: 'c', shape: [3] },
    ],
    nodes: [
      { op: 'MatMul', inputs: ['a', 'b'], outputs: ['ab'] },
      { op: 'MatMul', inputs: ['b', 'c'], outputs: ['bc'] },
      { op: 'Mul', inputs: ['ab', 'ab'], outputs: ['ab2'] },
      { op: 'Concat', inputs: ['ab2', 'bc'], outputs: ['y'], attrs: { axis: 0 } },
    ],
  },
  ...[
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ].map(
    ([ta, tb]): Case => ({
      name: `Gemm transA=${ta} transB=${tb} alpha/beta, C broadcast`,
      inputs: [
        { name: 'a', shape: ta ? [4, 3] : [3, 4] },
        { name: 'b', shape: tb ? [5, 4] : [4, 5] },
        { name: 'c', shape: [5] },
      ],
      nodes: [{ op: 'Gemm', inputs: ['a', 'b', 'c'], outputs: ['y'], attrs: { transA: ta!, transB: tb!, alpha: { float: 0.7 }, beta: { float: 1.3 } } }],
    }),
  ),
  {
    name: 'Conv stride 2, pad 1, bias (input, weight, bias)',
    inputs: [
      { name: 'x', shape: [2, 2, 7, 7] },
      { name: 'w', shape: [3, 2, 3, 3] },
      { name: 'bias', shape: [3] },
    ],
    nodes: [{ op: 'Conv', inputs: ['x', 'w', 'bias'], outputs: ['y'], attrs: { strides: [2, 2], pads: [1, 1, 1, 1], kernel_shape: [3, 3] } }],
  },
  {
    name: 'Conv patch embedding (stride = kernel, no bias, symbolic batch)',
    inputs: [
      { name: 'x', shape: ['B', 3, 8, 8], concrete: [2, 3, 8, 8] },
      { name: 'w', shape: [5, 3, 4, 4] },
    ],
    nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { strides: [4, 4], kernel_shape: [4, 4] } }],
  },
  {
    name: 'Conv grouped, dilated (input only)',
    inputs: [{ name: 'x', shape: [1, 4, 7, 7] }],
    initializers: [{ name: 'w', dims: [4, 2, 2, 2], values: Array.from({ length: 32 }, (_, i) => Math.sin(i + 1)) }],
    wrt: ['x'],
    nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { group: 2, dilations: [2, 2] } }],
  },
  {
    name: 'ReduceSum axes input (opset 13), keepdims 0',
    opset: 13,
    inputs: [{ name: 'x', shape: ['B', 3, 4], concrete: [2, 3, 4] }],
    initializers: [ints('axes', [1])],
    nodes: [{ op: 'ReduceSum', inputs: ['x', 'axes'], outputs: ['y'], attrs: { keepdims: 0 } }],
  },
  {
    name: 'ReduceSum axes attribute (opset 11), all axes',
    opset: 11,
    inputs: [{ name: 'x', shape: [2, 3] }],
    nodes: [{ op: 'ReduceSum', inputs: ['x'], outputs: ['y'], attrs: { keepdims: 1 } }],
  },
  {
    name: 'ReduceMean axes input (opset 18)',
    opset: 18,
    inputs: [{ name: 'x', shape: [2, 3, 4] }],
    initializers: [ints('axes', [0, 2])],
    nodes: [{ op: 'ReduceMean', inputs: ['x', 'axes'], outputs: ['y'], attrs: { keepdims: 0 } }],
  },
  {
    name: 'ReduceMean axes attribute (opset 13)',
    opset: 13,
    inputs: [{ name: 'x', shape: [2, 3, 4] }],
    nodes: [{ op: 'ReduceMean', inputs: ['x'], outputs: ['y'], attrs: { axes: [-1] } }],
  },
  {
    name: 'Reshape with 0 and -1',
    inputs: [{ name: 'x', shape: ['B', 3, 4], concrete: [2, 3, 4] }],
    initializers: [ints('shape', [0, -1, 2])],
    nodes: [
      { op: 'Reshape', inputs: ['x', 'shape'], outputs: ['r'] },
      { op: 'Exp', inputs: ['r'], outputs: ['y'] },
    ],
  },
  {
    name: 'Reshape from a Shape subgraph (Shape, Gather, Unsqueeze, Concat)',
    inputs: [{ name: 'x', shape: ['B', 6, 4], concrete: [2, 6, 4] }],
    initializers: [ints('zero', [0], []), ints('rest', [2, 3, 4])],
    nodes: [
      { op: 'Shape', inputs: ['x'], outputs: ['s'] },
      { op: 'Gather', inputs: ['s', 'zero'], outputs: ['b'], attrs: { axis: 0 } },
      { op: 'Unsqueeze', inputs: ['b'], outputs: ['b1'], attrs: { axes: [0] } },
      { op: 'Concat', inputs: ['b1', 'rest'], outputs: ['target'], attrs: { axis: 0 } },
      { op: 'Reshape', inputs: ['x', 'target'], outputs: ['r'] },
      { op: 'Transpose', inputs: ['r'], outputs: ['t'], attrs: { perm: [0, 2, 1, 3] } },
      { op: 'Tanh', inputs: ['t'], outputs: ['y'] },
    ],
    opset: 12,
  },
  {
    name: 'Flatten axis 2',
    inputs: [{ name: 'x', shape: [2, 3, 2, 2] }],
    nodes: [
      { op: 'Flatten', inputs: ['x'], outputs: ['f'], attrs: { axis: 2 } },
      { op: 'Sigmoid', inputs: ['f'], outputs: ['y'] },
    ],
  },
  {
    name: 'Transpose default and explicit perm',
    inputs: [{ name: 'x', shape: [2, 3, 4] }],
    nodes: [
      { op: 'Transpose', inputs: ['x'], outputs: ['t'] },
      { op: 'Transpose', inputs: ['t'], outputs: ['u'], attrs: { perm: [1, 0, 2] } },
      { op: 'Exp', inputs: ['u'], outputs: ['y'] },
    ],
  },
  {
    name: 'Concat axis 1 (class token + patches)',
    inputs: [
      { name: 'a', shape: ['B', 1, 4], concrete: [2, 1, 4] },
      { name: 'b', shape: ['B', 3, 4], concrete: [2, 3, 4] },
    ],
    nodes: [
      { op: 'Concat', inputs: ['a', 'b'], outputs: ['c'], attrs: { axis: 1 } },
      { op: 'Tanh', inputs: ['c'], outputs: ['y'] },
    ],
  },
  {
    name: 'Slice inputs (opset 13), negative start, INT_MAX end',
    opset: 13,
    inputs: [{ name: 'x', shape: ['B', 5, 4], concrete: [2, 5, 4] }],
    initializers: [ints('starts', [1, -3]), ints('ends', [INT_MAX, 3]), ints('axes', [1, 2])],
    nodes: [{ op: 'Slice', inputs: ['x', 'starts', 'ends', 'axes'], outputs: ['y'] }],
  },
  {
    name: 'Split with sizes input (opset 13), one output unused',
    opset: 13,
    inputs: [{ name: 'x', shape: [2, 6] }],
    initializers: [ints('sizes', [2, 3, 1])],
    nodes: [
      { op: 'Split', inputs: ['x', 'sizes'], outputs: ['p', 'q', 'r'], attrs: { axis: 1 } },
      { op: 'Mul', inputs: ['p', 'p'], outputs: ['p2'] },
      { op: 'Concat', inputs: ['p2', 'r'], outputs: ['y'], attrs: { axis: 1 } },
    ],
  },
  {
    name: 'Split with split attribute (opset 11)',
    opset: 11,
    inputs: [{ name: 'x', shape: [4, 3] }],
    nodes: [
      { op: 'Split', inputs: ['x'], outputs: ['p', 'q'], attrs: { axis: 0, split: [1, 3] } },
      { op: 'Exp', inputs: ['q'], outputs: ['y'] },
    ],
  },
  {
    name: 'Split num_outputs (opset 18)',
    opset: 18,
    inputs: [{ name: 'x', shape: [2, 6] }],
    nodes: [
      { op: 'Split', inputs: ['x'], outputs: ['p', 'q', 'r'], attrs: { axis: 1, num_outputs: 3 } },
      { op: 'Mul', inputs: ['q', 'r'], outputs: ['y'] },
    ],
  },
  {
    name: 'Gather scalar index (x[:, 0, :])',
    inputs: [{ name: 'x', shape: ['B', 4, 3], concrete: [2, 4, 3] }],
    initializers: [ints('zero', [0], [])],
    nodes: [{ op: 'Gather', inputs: ['x', 'zero'], outputs: ['y'], attrs: { axis: 1 } }],
  },
  {
    name: 'Gather index tensor with repeats and negatives',
    inputs: [{ name: 'x', shape: [2, 5, 3] }],
    initializers: [ints('idx', [4, 0, -1, 2], [2, 2])],
    nodes: [{ op: 'Gather', inputs: ['x', 'idx'], outputs: ['y'], attrs: { axis: 1 } }],
  },
  {
    name: 'Expand [3,1] to [2,3,4]',
    inputs: [{ name: 'x', shape: [3, 1] }],
    initializers: [ints('shape', [2, 3, 4])],
    nodes: [
      { op: 'Expand', inputs: ['x', 'shape'], outputs: ['e'] },
      { op: 'Tanh', inputs: ['e'], outputs: ['y'] },
    ],
  },
  {
    name: 'Where with broadcast branches (attention-mask pattern)',
    inputs: [
      { name: 'a', shape: [2, 3, 4] },
      { name: 'b', shape: [4] },
    ],
    initializers: [{ name: 'cond', dims: [3, 4], values: Array.from({ length: 12 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0)) }],
    nodes: [
      { op: 'Cast', inputs: ['cond'], outputs: ['c'], attrs: { to: 9 } },
      { op: 'Where', inputs: ['c', 'a', 'b'], outputs: ['y'] },
    ],
  },
  {
    name: 'Squeeze / Unsqueeze axes attributes (opset 11)',
    opset: 11,
    inputs: [{ name: 'x', shape: [2, 1, 3] }],
    nodes: [
      { op: 'Squeeze', inputs: ['x'], outputs: ['s'], attrs: { axes: [1] } },
      { op: 'Unsqueeze', inputs: ['s'], outputs: ['u'], attrs: { axes: [0, 3] } },
      { op: 'Exp', inputs: ['u'], outputs: ['y'] },
    ],
  },
  {
    name: 'Squeeze / Unsqueeze axes inputs (opset 13)',
    opset: 13,
    inputs: [{ name: 'x', shape: [2, 1, 3] }],
    initializers: [ints('one', [1]), ints('last', [-1])],
    nodes: [
      { op: 'Squeeze', inputs: ['x', 'one'], outputs: ['s'] },
      { op: 'Unsqueeze', inputs: ['s', 'last'], outputs: ['u'] },
      { op: 'Exp', inputs: ['u'], outputs: ['y'] },
    ],
  },
];

for (const [k, c] of cases.entries()) {
  test(`VJP ${c.name}`, async () => {
    const rand = mulberry32(100 + k);
    const opset = c.opset ?? 17;
    const feeds: Feeds = {};
    for (const input of c.inputs) {
      const dims = input.concrete ?? (input.shape as number[]);
      feeds[input.name] = randomTensor(dims, rand, input.lo ?? -1, input.hi ?? 1);
    }
    const model = buildTestModel({ opset, inputs: c.inputs, outputs: [c.output ?? 'y'], nodes: c.nodes, initializers: c.initializers });
    const result = await checkGradientAsync({
      model,
      feeds,
      wrt: c.wrt ?? c.inputs.map((i) => i.name),
      output: c.output ?? 'y',
      eps: c.eps,
      seed: k + 1,
      samples: 24,
    });
    assert.equal(result.nan, false, 'gradient has NaN');
    assert.ok(result.passFraction >= 0.95, `only ${(result.passFraction * 100).toFixed(1)}% within 1e-2; worst ${result.worst}`);
  });
}
