// Work estimate of a graph: multiply-adds of MatMul/Gemm/Conv/ConvTranspose counted as
// 2 FLOPs, every other node as one op per output element. Symbolic dims are bound first.
// Only the autodiff test and benchmark use it (gradient cost vs forward cost), so it lives here.
import { attrInt } from '../../src/engine/autodiff/onnx-attributes.ts';
import { defaultOpset, type ModelProto } from '../../src/engine/autodiff/onnx-codec.ts';
import { inferShapes, valueInfoToTensorInfo, type Dim, type ShapeMap } from '../../src/engine/autodiff/shape-inference.ts';

export interface FlopCount {
  /** FLOPs of MatMul, Gemm, Conv, ConvTranspose. */
  matmulConv: number;
  /** One per output element of every other node (elementwise, reductions, data movement). */
  otherOps: number;
  total: number;
  nodes: number;
}

function size(shape: Dim[] | undefined, what: string): number {
  if (!shape) throw new Error(`FLOP count: no shape for ${what}`);
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') throw new Error(`FLOP count: symbolic dim ${d} in ${what}`);
    n *= d;
  }
  return n;
}

function shapeOf(shapes: ShapeMap, name: string): Dim[] {
  const shape = shapes.get(name)?.shape;
  if (!shape) throw new Error(`FLOP count: no shape for ${name}`);
  return shape;
}

export function countFlops(model: ModelProto, dims: Record<string, number>): FlopCount {
  const graph = model.graph!;
  const seed: ShapeMap = new Map();
  for (const i of graph.input ?? []) {
    const info = valueInfoToTensorInfo(i);
    seed.set(i.name ?? '', { ...info, shape: info.shape?.map((d) => (typeof d === 'string' && d in dims ? dims[d]! : d)) });
  }
  const shapes = inferShapes(graph, defaultOpset(model), seed);
  let matmulConv = 0;
  let otherOps = 0;
  for (const node of graph.node ?? []) {
    const op = node.opType ?? '';
    const ins = node.input ?? [];
    const outName = node.output?.[0] ?? '';
    const out = shapes.get(outName)?.shape;
    if (op === 'MatMul') {
      const a = shapes.get(ins[0]!)?.shape;
      matmulConv += 2 * size(out, outName) * (a ? (a[a.length - 1] as number) : NaN);
    } else if (op === 'Gemm') {
      const a = shapeOf(shapes, ins[0]!);
      const k = attrInt(node, 'transA', 0) ? a[0] : a[1];
      matmulConv += 2 * size(out, outName) * (k as number);
    } else if (op === 'Conv') {
      const w = shapeOf(shapes, ins[1]!);
      matmulConv += 2 * size(out, outName) * size(w.slice(1), ins[1]!);
    } else if (op === 'ConvTranspose') {
      const w = shapeOf(shapes, ins[1]!);
      matmulConv += 2 * size(shapes.get(ins[0]!)?.shape, ins[0]!) * size(w.slice(1), ins[1]!);
    } else if (!['Shape', 'Constant', 'Reshape', 'Squeeze', 'Unsqueeze', 'Identity', 'Flatten'].includes(op)) {
      for (const o of node.output ?? []) {
        const s = shapes.get(o)?.shape;
        if (s) otherOps += size(s, o);
      }
    }
  }
  if (Number.isNaN(matmulConv)) throw new Error('FLOP count: a MatMul input has no shape');
  return { matmulConv, otherOps, total: matmulConv + otherOps, nodes: (graph.node ?? []).length };
}
