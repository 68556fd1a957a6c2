// Undoes onnxconverter-common's float16 conversion (convert_float_to_float16, keep_io_types):
// float16 initializers and constants become float32, every Cast to float16 becomes a Cast to
// float32, and the Casts that are then identities (the ones the converter put after the
// inputs, before the outputs and around blocked ops) are dropped. The result computes in
// float32 with the float16-rounded weights, so every provider and the autodiff see one graph.
import type { AttributeProto, GraphProto, TensorProto, ValueInfoProto } from '../autodiff/onnx-codec.ts';
import { inferShapes } from '../autodiff/shape-inference.ts';
import { DataType, tensorDims } from '../autodiff/tensor-data.ts';
import { float32Tensor, pruneDeadNodes, renameTensors, tensorToFloat32 } from './graph-edit.ts';

function upcastTensor(t: TensorProto): TensorProto {
  if (t.dataType !== DataType.FLOAT16) return t;
  return float32Tensor(t.name ?? '', tensorDims(t), tensorToFloat32(t));
}

function upcastAttribute(a: AttributeProto): AttributeProto {
  const out: AttributeProto = { ...a };
  if (a.t) out.t = upcastTensor(a.t);
  if (a.tensors?.length) out.tensors = a.tensors.map(upcastTensor);
  // Cast's `to`, and `dtype` of the generator ops (ConstantOfShape has a tensor instead).
  if ((a.name === 'to' || a.name === 'dtype') && Number(a.i) === DataType.FLOAT16) out.i = DataType.FLOAT;
  return out;
}

function upcastInfo(v: ValueInfoProto): ValueInfoProto {
  const tt = v.type?.tensorType;
  if (!tt || tt.elemType !== DataType.FLOAT16) return v;
  return { ...v, type: { ...v.type, tensorType: { ...tt, elemType: DataType.FLOAT } } };
}

export function hasFloat16(graph: GraphProto): boolean {
  if ((graph.initializer ?? []).some((t) => t.dataType === DataType.FLOAT16)) return true;
  return (graph.node ?? []).some((n) =>
    (n.attribute ?? []).some((a) => a.t?.dataType === DataType.FLOAT16 || (a.name === 'to' && Number(a.i) === DataType.FLOAT16)),
  );
}

/** Rewrites the graph in place; returns how many Casts were dropped. */
export function upcastFloat16(graph: GraphProto, opset: number): number {
  graph.initializer = (graph.initializer ?? []).map(upcastTensor);
  graph.node = (graph.node ?? []).map((n) => ({ ...n, attribute: (n.attribute ?? []).map(upcastAttribute) }));
  graph.input = (graph.input ?? []).map(upcastInfo);
  graph.output = (graph.output ?? []).map(upcastInfo);
  graph.valueInfo = [];
  const types = inferShapes(graph, opset);
  const graphInputs = new Set((graph.input ?? []).map((i) => i.name ?? ''));
  const graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const renames = new Map<string, string>();
  let dropped = 0;
  const kept = [];
  for (const node of graph.node) {
    const to = Number((node.attribute ?? []).find((a) => a.name === 'to')?.i ?? -1);
    const [x, y] = [node.input?.[0] ?? '', node.output?.[0] ?? ''];
    const identity = node.opType === 'Cast' && to === DataType.FLOAT && types.get(x)?.elemType === DataType.FLOAT;
    // A Cast between a graph input and a graph output must stay: both names are the interface.
    if (!identity || (graphOutputs.has(y) && (graphInputs.has(x) || graphOutputs.has(x) || renames.has(x)))) {
      kept.push(node);
      continue;
    }
    dropped++;
    // Readers of y read x instead; if y is a graph output, x's producer writes y directly.
    if (graphOutputs.has(y)) renames.set(x, y);
    else renames.set(y, x);
  }
  graph.node = kept;
  renameTensors(graph, renames);
  pruneDeadNodes(graph);
  return dropped;
}
