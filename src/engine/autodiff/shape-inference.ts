// Static shape inference with symbolic dimensions (the batch), plus propagation of the
// small integer tensors that shape subgraphs compute (Shape -> Gather -> Concat ->
// Reshape), so that Reshape targets built at run time still give static shapes.
// Gradient rules need ranks and the non-batch sizes to undo broadcasting.
import { attrFloat, attrInt, attrInts, attrTensor, hasAttr } from './onnx-attributes.ts';
import type { GraphProto, NodeProto } from './onnx-codec.ts';
import { DataType, readTensorValues, tensorDims } from './tensor-data.ts';
import {
  arith,
  broadcastDims,
  broadcastValues,
  constValue,
  divide,
  freshSymbol,
  MAX_VALUE_SIZE,
  normAxis,
  product,
  valueInfoToTensorInfo,
  type Dim,
  type ShapeMap,
  type TensorInfo,
} from './symbolic-dims.ts';
import { axesOperand, convGeometry, reductionAxes, resolveSlice, sliceParams, splitSizes } from './shape-operands.ts';

// The pieces live in symbolic-dims.ts and shape-operands.ts; callers keep importing them from here.
export { broadcastDims, valueInfoToTensorInfo, type Dim, type ShapeMap, type TensorInfo } from './symbolic-dims.ts';
export { axesOperand, convGeometry, reductionAxes, resolveSlice, sliceParams, splitSizes } from './shape-operands.ts';

function inferNode(node: NodeProto, map: ShapeMap, _opset: number): TensorInfo[] {
  const inputs = (node.input ?? []).map((n) => (n ? map.get(n) : undefined));
  const x = inputs[0];
  const xs = x?.shape;
  const same = (): TensorInfo[] => [{ elemType: x?.elemType, shape: xs }];
  const op = node.opType ?? '';
  switch (op) {
    case 'Constant': {
      const t = attrTensor(node, 'value');
      if (t) {
        const dims = tensorDims(t);
        const count = dims.reduce((a, b) => a * b, 1);
        return [{ elemType: t.dataType ?? undefined, shape: dims, value: count <= MAX_VALUE_SIZE ? readTensorValues(t) : undefined }];
      }
      if (hasAttr(node, 'value_float')) return [{ elemType: DataType.FLOAT, shape: [], value: [attrFloat(node, 'value_float', 0)] }];
      if (hasAttr(node, 'value_int')) return [{ elemType: DataType.INT64, shape: [], value: [attrInt(node, 'value_int', 0)] }];
      const ints = attrInts(node, 'value_ints');
      if (ints) return [{ elemType: DataType.INT64, shape: [ints.length], value: ints }];
      return [{}];
    }
    case 'Shape': {
      if (!xs) return [{ elemType: DataType.INT64 }];
      const start = normAxis(attrInt(node, 'start', 0), xs.length);
      const endAttr = attrInt(node, 'end', xs.length);
      const end = Math.min(normAxis(endAttr, xs.length), xs.length);
      const value = xs.slice(start, end);
      return [{ elemType: DataType.INT64, shape: [value.length], value }];
    }
    case 'Size':
      return [{ elemType: DataType.INT64, shape: [], value: xs ? [product(xs)] : undefined }];
    case 'Identity':
    case 'Neg':
    case 'Exp':
    case 'Erf':
    case 'Tanh':
    case 'Sigmoid':
    case 'Sqrt':
    case 'Relu':
    case 'Reciprocal':
    case 'Log':
    case 'Abs':
    case 'Gelu':
    case 'Softmax':
    case 'Floor':
    case 'Ceil':
    case 'Dropout':
    case 'Clip':
    case 'LeakyRelu':
    case 'Sin':
    case 'Cos':
    case 'QuickGelu':
      return [{ elemType: x?.elemType, shape: xs, value: op === 'Identity' ? x?.value : undefined }];
    case 'Not':
      return [{ elemType: DataType.BOOL, shape: xs }];
    case 'Cast': {
      const to = attrInt(node, 'to', 0);
      return [{ elemType: to, shape: xs, value: x?.value && !isFloatTo(to) ? x.value.map((v) => (typeof v === 'number' ? Math.trunc(v) : v)) : x?.value }];
    }
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
    case 'Pow':
    case 'Equal':
    case 'Less':
    case 'Greater':
    case 'Max':
    case 'Min':
    case 'And':
    case 'Or':
    case 'LessOrEqual':
    case 'GreaterOrEqual': {
      const y = inputs[1];
      const shape = xs && y?.shape ? broadcastDims(xs, y.shape) : undefined;
      const compare = ['Equal', 'Less', 'Greater', 'And', 'Or', 'LessOrEqual', 'GreaterOrEqual'].includes(op);
      const valuesAlign =
        !!xs && !!y?.shape && ((xs.length <= 1 && y.shape.length <= 1) || x?.value?.length === 1 || y.value?.length === 1 || sameShape(xs, y.shape));
      const value = x?.value && y?.value && valuesAlign ? broadcastValues(op, x.value, y.value, x.elemType === undefined || !isFloatTo(x.elemType)) : undefined;
      return [{ elemType: compare ? DataType.BOOL : x?.elemType, shape, value }];
    }
    case 'Where': {
      const [c, a, b] = inputs;
      const shape = c?.shape && a?.shape && b?.shape ? broadcastDims(broadcastDims(c.shape, a.shape), b.shape) : undefined;
      let value: Dim[] | undefined;
      if (c?.value && a?.value && b?.value && c.value.every((v) => typeof v === 'number')) {
        const n = Math.max(c.value.length, a.value.length, b.value.length);
        value = [];
        for (let i = 0; i < n; i++) {
          const pick = c.value[c.value.length === 1 ? 0 : i];
          value.push((pick ? a.value[a.value.length === 1 ? 0 : i] : b.value[b.value.length === 1 ? 0 : i])!);
        }
      }
      return [{ elemType: a?.elemType, shape, value }];
    }
    case 'Gather': {
      const idx = inputs[1];
      if (!xs || !idx?.shape) return [{ elemType: x?.elemType }];
      const axis = normAxis(attrInt(node, 'axis', 0), xs.length);
      const shape = [...xs.slice(0, axis), ...idx.shape, ...xs.slice(axis + 1)];
      let value: Dim[] | undefined;
      if (x?.value && idx.value && xs.length === 1) {
        value = idx.value.map((i) => (typeof i === 'number' ? x.value![i < 0 ? i + x.value!.length : i]! : freshSymbol('g')));
      }
      return [{ elemType: x?.elemType, shape, value }];
    }
    case 'Unsqueeze': {
      const axes = axesOperand(node, map);
      if (!xs || !axes) return [{ elemType: x?.elemType }];
      const rank = xs.length + axes.length;
      const sorted = axes.map((a) => normAxis(a, rank)).sort((a, b) => a - b);
      const shape = [...xs];
      for (const a of sorted) shape.splice(a, 0, 1);
      return [{ elemType: x?.elemType, shape, value: x?.value }];
    }
    case 'Squeeze': {
      if (!xs) return [{ elemType: x?.elemType }];
      const axes = axesOperand(node, map);
      const drop = new Set(axes ? axes.map((a) => normAxis(a, xs.length)) : xs.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0));
      return [{ elemType: x?.elemType, shape: xs.filter((_, i) => !drop.has(i)), value: x?.value }];
    }
    case 'Concat': {
      const shapes = inputs.map((i) => i?.shape);
      if (shapes.some((s) => !s)) return [{ elemType: x?.elemType }];
      const rank = shapes[0]!.length;
      const axis = normAxis(attrInt(node, 'axis', 0), rank);
      const shape = [...shapes[0]!];
      shape[axis] = shapes.reduce<Dim>((acc, s) => arith('Add', acc, s![axis]!), 0);
      const value = inputs.every((i) => i?.value) && rank === 1 ? inputs.flatMap((i) => i!.value!) : undefined;
      return [{ elemType: x?.elemType, shape, value }];
    }
    case 'Slice': {
      if (!xs) return [{ elemType: x?.elemType }];
      const params = sliceParams(node, map, xs.length);
      if (!params) return [{ elemType: x?.elemType, shape: xs.map(() => freshSymbol('slice')) }];
      const shape = [...xs];
      params.axes.forEach((axis, i) => {
        const r = resolveSlice(params.starts, params.ends, params.steps, xs[axis]!, i);
        shape[axis] = r ? r.count : freshSymbol('slice');
      });
      let value: Dim[] | undefined;
      if (x?.value && xs.length === 1 && typeof shape[0] === 'number') {
        const r = resolveSlice(params.starts, params.ends, params.steps, xs[0]!, 0)!;
        value = [];
        for (let k = 0, p = r.start; k < r.count; k++, p += params.steps[0]!) value.push(x.value[p]!);
      }
      return [{ elemType: x?.elemType, shape, value }];
    }
    case 'Reshape': {
      const target = inputs[1]?.value ?? attrInts(node, 'shape');
      if (!target) return [{ elemType: x?.elemType }];
      const allowZero = attrInt(node, 'allowzero', 0) === 1;
      const shape: Dim[] = target.map((d, i) => (d === 0 && !allowZero && xs ? xs[i]! : d));
      const minus = shape.indexOf(-1);
      if (minus >= 0) {
        shape[minus] = inferMinusOne(
          xs,
          shape.filter((_, i) => i !== minus),
        );
      }
      return [{ elemType: x?.elemType, shape, value: x?.value }];
    }
    case 'Flatten': {
      if (!xs) return [{ elemType: x?.elemType }];
      const axis = normAxis(attrInt(node, 'axis', 1), xs.length);
      return [{ elemType: x?.elemType, shape: [product(xs.slice(0, axis)), product(xs.slice(axis))] }];
    }
    case 'Expand': {
      const target = inputs[1]?.value;
      return [{ elemType: x?.elemType, shape: xs && target ? broadcastDims(xs, target) : undefined }];
    }
    case 'Tile': {
      const reps = inputs[1]?.value;
      return [{ elemType: x?.elemType, shape: xs && reps ? xs.map((d, i) => arith('Mul', d, reps[i]!)) : undefined }];
    }
    case 'ConstantOfShape': {
      const target = x?.value;
      const t = attrTensor(node, 'value');
      const fill = t ? (readTensorValues(t)[0] ?? 0) : 0;
      const elemType = t?.dataType ?? DataType.FLOAT;
      if (!target) return [{ elemType }];
      const count = product(target);
      return [{ elemType, shape: target, value: typeof count === 'number' && count <= MAX_VALUE_SIZE ? Array(count).fill(fill) : undefined }];
    }
    case 'Range': {
      const [s, l, d] = inputs.map((i) => constValue(i)?.[0]);
      if (s === undefined || l === undefined || d === undefined) return [{ elemType: x?.elemType, shape: [freshSymbol('range')] }];
      const n = Math.max(Math.ceil((l - s) / d), 0);
      return [{ elemType: x?.elemType, shape: [n], value: n <= MAX_VALUE_SIZE ? Array.from({ length: n }, (_, i) => s + i * d) : undefined }];
    }
    case 'Transpose': {
      if (!xs) return [{ elemType: x?.elemType }];
      const perm = attrInts(node, 'perm') ?? xs.map((_, i) => xs.length - 1 - i);
      return [{ elemType: x?.elemType, shape: perm.map((p) => xs[p]!) }];
    }
    case 'MatMul': {
      const ys = inputs[1]?.shape;
      if (!xs || !ys) return [{ elemType: x?.elemType }];
      const a = xs.length === 1 ? [1, xs[0]!] : xs;
      const b = ys.length === 1 ? [ys[0]!, 1] : ys;
      const batch = broadcastDims(a.slice(0, -2), b.slice(0, -2));
      const shape = [...batch, a[a.length - 2]!, b[b.length - 1]!];
      if (ys.length === 1) shape.pop();
      if (xs.length === 1) shape.splice(shape.length - (ys.length === 1 ? 1 : 2), 1);
      return [{ elemType: x?.elemType, shape }];
    }
    case 'Gemm': {
      const ys = inputs[1]?.shape;
      if (!xs || !ys) return [{ elemType: x?.elemType }];
      const m = attrInt(node, 'transA', 0) ? xs[1]! : xs[0]!;
      const n = attrInt(node, 'transB', 0) ? ys[0]! : ys[1]!;
      return [{ elemType: x?.elemType, shape: [m, n] }];
    }
    case 'Conv':
    case 'ConvTranspose': {
      const ws = inputs[1]?.shape;
      if (!xs || !ws) return [{ elemType: x?.elemType }];
      const g = convGeometry(node, xs, ws);
      const spatial = xs.length - 2;
      const shape: Dim[] = [xs[0]!, op === 'Conv' ? ws[0]! : arith('Mul', ws[1]!, g.group)];
      const outputShape = attrInts(node, 'output_shape');
      const outPad = attrInts(node, 'output_padding') ?? Array(spatial).fill(0);
      for (let i = 0; i < spatial; i++) {
        const size = xs[2 + i]!;
        const k = (g.kernel[i]! - 1) * g.dilations[i]! + 1;
        if (typeof size !== 'number') shape.push(freshSymbol('conv'));
        else if (op === 'Conv') shape.push(Math.floor((size + g.pads[i]! + g.pads[i + spatial]! - k) / g.strides[i]!) + 1);
        else shape.push(outputShape ? outputShape[i]! : g.strides[i]! * (size - 1) + outPad[i]! + k - g.pads[i]! - g.pads[i + spatial]!);
      }
      return [{ elemType: x?.elemType, shape }];
    }
    case 'Pad': {
      const pads = attrInts(node, 'pads') ?? constValue(inputs[1]);
      if (!xs || !pads) return [{ elemType: x?.elemType }];
      return [{ elemType: x?.elemType, shape: xs.map((d, i) => arith('Add', arith('Add', d, pads[i]!), pads[i + xs.length]!)) }];
    }
    case 'ReduceSum':
    case 'ReduceMean':
    case 'ReduceMax':
    case 'ReduceMin':
    case 'ReduceProd':
    case 'ReduceL2':
    case 'ReduceSumSquare': {
      if (!xs) return [{ elemType: x?.elemType }];
      const keep = attrInt(node, 'keepdims', 1) === 1;
      let axes = reductionAxes(node, map);
      if (axes && axes.length === 0 && attrInt(node, 'noop_with_empty_axes', 0) === 1) return same();
      axes = (axes?.length ? axes : xs.map((_, i) => i)).map((a) => normAxis(a, xs.length));
      const shape: Dim[] = [];
      xs.forEach((d, i) => {
        if (!axes!.includes(i)) shape.push(d);
        else if (keep) shape.push(1);
      });
      return [{ elemType: x?.elemType, shape }];
    }
    case 'LayerNormalization': {
      if (!xs) return [{ elemType: x?.elemType }];
      const axis = normAxis(attrInt(node, 'axis', -1), xs.length);
      const stat = xs.map((d, i) => (i < axis ? d : 1));
      return [
        { elemType: x?.elemType, shape: xs },
        { elemType: DataType.FLOAT, shape: stat },
        { elemType: DataType.FLOAT, shape: stat },
      ];
    }
    case 'Split': {
      if (!xs) return (node.output ?? []).map(() => ({ elemType: x?.elemType }));
      const axis = normAxis(attrInt(node, 'axis', 0), xs.length);
      const sizes = splitSizes(node, map, xs[axis]!);
      return (node.output ?? []).map((_, i) => {
        const shape = [...xs];
        shape[axis] = sizes ? sizes[i]! : freshSymbol('split');
        return { elemType: x?.elemType, shape };
      });
    }
    default:
      return (node.output ?? []).map(() => ({}));
  }
}

function sameShape(a: Dim[], b: Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function isFloatTo(to: number): boolean {
  return to === DataType.FLOAT || to === DataType.FLOAT16 || to === DataType.DOUBLE || to === DataType.BFLOAT16;
}

/** -1 in a Reshape when the input size is symbolic: the input's symbolic dims that the known output dims do not account for. */
function inferMinusOne(xs: Dim[] | undefined, known: Dim[]): Dim {
  if (!xs) return freshSymbol('reshape');
  return divide(product(xs), product(known)) ?? freshSymbol('reshape');
}

/** Infers every tensor's type, shape and (for small ints) value, in node order. */
export function inferShapes(graph: GraphProto, opset: number, seed?: ShapeMap): ShapeMap {
  const map: ShapeMap = new Map(seed ?? []);
  for (const input of graph.input ?? []) if (input.name && !map.has(input.name)) map.set(input.name, valueInfoToTensorInfo(input));
  for (const init of graph.initializer ?? []) {
    const dims = tensorDims(init);
    const count = dims.reduce((a, b) => a * b, 1);
    map.set(init.name ?? '', { elemType: init.dataType ?? undefined, shape: dims, value: count <= MAX_VALUE_SIZE ? readTensorValues(init) : undefined });
  }
  for (const node of graph.node ?? []) inferInto(node, map, opset);
  return map;
}

export function inferInto(node: NodeProto, map: ShapeMap, opset: number): void {
  const results = inferNode(node, map, opset);
  (node.output ?? []).forEach((name, i) => {
    if (name) map.set(name, results[i] ?? {});
  });
}
