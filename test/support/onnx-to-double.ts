// Test helper: a float64 copy of a float32 model (initializers, Constant tensors, Cast
// targets, graph inputs/outputs), so finite differences are not swamped by float32 rounding.
import type { GraphProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from '../../src/engine/autodiff/onnx-codec.ts';
import { DataType, makeFloatTensor, readTensorValues, tensorDims } from '../../src/engine/autodiff/tensor-data.ts';

function toDouble(t: TensorProto): TensorProto {
  if (t.dataType !== DataType.FLOAT) return t;
  return makeFloatTensor(t.name ?? '', DataType.DOUBLE, tensorDims(t), readTensorValues(t));
}

/**
 * onnxruntime has no float64 Erf: erf(x) from its Taylor series (80 terms, Horner in x^2;
 * accurate to ~1e-11 for |x| <= 3.5) and, beyond, the asymptotic series of erfc.
 */
function erfFloat64Nodes(n: NodeProto, inits: TensorProto[]): NodeProto[] {
  const pre = `${n.name}/erf64`;
  const x = n.input![0]!;
  const out: NodeProto[] = [];
  let k = 0;
  const c = (v: number) => {
    const name = `${pre}/c${k++}`;
    inits.push(makeFloatTensor(name, DataType.DOUBLE, [], [v]));
    return name;
  };
  const op = (type: string, ...inputs: string[]) => {
    const name = `${pre}/t${k++}`;
    out.push({ opType: type, input: inputs, output: [name] });
    return name;
  };
  const t = op('Mul', x, x);
  const terms = 80;
  let factorial = 1;
  const coeffs: number[] = [];
  for (let i = 0; i <= terms; i++) {
    if (i > 0) factorial *= i;
    coeffs.push(((i % 2 ? -1 : 1) * 2) / Math.sqrt(Math.PI) / (factorial * (2 * i + 1)));
  }
  let sum = c(coeffs[terms]!);
  for (let i = terms - 1; i >= 0; i--) sum = op('Add', op('Mul', sum, t), c(coeffs[i]!));
  const taylor = op('Mul', sum, x);
  const ax = op('Abs', x);
  const inv = op('Reciprocal', t);
  let series = '';
  let coef = 1;
  const asym: string[] = [];
  for (let i = 1; i <= 8; i++) {
    coef *= -(2 * i - 1) / 2;
    asym.push(c(coef));
  }
  for (let i = asym.length - 1; i >= 0; i--) series = i === asym.length - 1 ? op('Mul', asym[i]!, inv) : op('Mul', op('Add', series, asym[i]!), inv);
  series = op('Add', series, c(1));
  const erfc = op('Div', op('Mul', op('Exp', op('Neg', t)), series), op('Mul', ax, c(Math.sqrt(Math.PI))));
  const tail = op('Mul', op('Sub', c(1), erfc), op('Sign', x));
  out.push({ opType: 'Where', input: [op('Greater', ax, c(3.5)), tail, taylor], output: [n.output![0]!] });
  return out;
}

/**
 * onnxruntime's CPU Conv has no float64 kernel: a patch embedding (stride = kernel, no
 * padding, one group, square input of side `imageSize`) becomes Reshape/Transpose/MatMul.
 */
function patchConvToMatMul(graph: GraphProto, imageSize: number): GraphProto {
  const nodes: NodeProto[] = [];
  const inits = [...(graph.initializer ?? [])];
  const int64 = (name: string, values: number[]) => {
    const data = new BigInt64Array(values.map((v) => BigInt(v)));
    inits.push({ name, dataType: DataType.INT64, dims: [values.length], rawData: new Uint8Array(data.buffer) });
    return name;
  };
  for (const n of graph.node ?? []) {
    if (n.opType === 'Erf') {
      nodes.push(...erfFloat64Nodes(n, inits));
      continue;
    }
    if (n.opType !== 'Conv') {
      nodes.push(n);
      continue;
    }
    const w = inits.find((t) => t.name === n.input![1])!;
    const [m, c, p] = tensorDims(w) as [number, number, number];
    const strides = (n.attribute ?? []).find((a) => a.name === 'strides')?.ints?.map(Number) ?? [1, 1];
    const pads = (n.attribute ?? []).find((a) => a.name === 'pads')?.ints?.map(Number) ?? [0, 0, 0, 0];
    if (strides[0] !== p || pads.some((v) => v !== 0) || n.input!.length > 2) throw new Error('only patch-embedding Conv is rewritten');
    const grid = imageSize / p;
    const values = readTensorValues(w);
    const wt = new Array<number>(values.length);
    for (let o = 0; o < m; o++) for (let k = 0; k < c * p * p; k++) wt[k * m + o] = values[o * c * p * p + k]!;
    const x = n.input![0]!;
    const pre = `${n.name}/im2col`;
    inits.push(makeFloatTensor(`${pre}/w`, DataType.FLOAT, [c * p * p, m], wt));
    nodes.push(
      { opType: 'Reshape', input: [x, int64(`${pre}/s1`, [0, c, grid, p, grid, p])], output: [`${pre}/a`] },
      { opType: 'Transpose', input: [`${pre}/a`], output: [`${pre}/b`], attribute: [{ name: 'perm', type: 7, ints: [0, 2, 4, 1, 3, 5] }] },
      { opType: 'Reshape', input: [`${pre}/b`, int64(`${pre}/s2`, [0, grid, grid, c * p * p])], output: [`${pre}/c`] },
      { opType: 'MatMul', input: [`${pre}/c`, `${pre}/w`], output: [`${pre}/d`] },
      { opType: 'Transpose', input: [`${pre}/d`], output: [n.output![0]!], attribute: [{ name: 'perm', type: 7, ints: [0, 3, 1, 2] }] },
    );
  }
  return { ...graph, node: nodes, initializer: inits };
}

export function modelToDouble(source: ModelProto, imageSize = 224): ModelProto {
  const model = { ...source, graph: patchConvToMatMul(source.graph!, imageSize) };
  const graph = model.graph!;
  const retype = (v: ValueInfoProto) =>
    v.type?.tensorType?.elemType === DataType.FLOAT ? { ...v, type: { tensorType: { ...v.type.tensorType, elemType: DataType.DOUBLE } } } : v;
  return {
    ...model,
    graph: {
      ...graph,
      initializer: (graph.initializer ?? []).map(toDouble),
      input: (graph.input ?? []).map(retype),
      output: (graph.output ?? []).map(retype),
      valueInfo: [],
      node: (graph.node ?? []).map((n) => ({
        ...n,
        attribute: (n.attribute ?? []).map((a) => {
          if (a.t) return { ...a, t: toDouble(a.t) };
          if (n.opType === 'Cast' && a.name === 'to' && Number(a.i) === DataType.FLOAT) return { ...a, i: DataType.DOUBLE };
          return a;
        }),
      })),
    },
  };
}
