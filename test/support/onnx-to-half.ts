// Test helper: a float16 copy of a float32 model with float32 inputs and outputs, as
// onnxconverter-common's convert_float_to_float16(keep_io_types=True) writes them (the
// layout of the fp16 transformers.js exports).
import type { ModelProto, NodeProto, TensorProto } from '../../src/engine/autodiff/onnx-codec.ts';
import { DataType, makeFloatTensor, readTensorValues, tensorDims } from '../../src/engine/autodiff/tensor-data.ts';

function toHalf(t: TensorProto): TensorProto {
  if (t.dataType !== DataType.FLOAT) return t;
  return makeFloatTensor(t.name ?? '', DataType.FLOAT16, tensorDims(t), readTensorValues(t));
}

export function modelToHalf(model: ModelProto): ModelProto {
  const graph = model.graph!;
  const inputs = new Map((graph.input ?? []).filter((i) => i.type?.tensorType?.elemType === DataType.FLOAT).map((i) => [i.name!, `${i.name}/fp16`]));
  const outputs = new Map((graph.output ?? []).filter((o) => o.type?.tensorType?.elemType === DataType.FLOAT).map((o) => [o.name!, `${o.name}/fp16`]));
  const rename = (n: string) => inputs.get(n) ?? outputs.get(n) ?? n;
  const cast = (from: string, to: string, type: number): NodeProto => ({
    opType: 'Cast',
    name: `${to}/cast`,
    input: [from],
    output: [to],
    attribute: [{ name: 'to', type: 2, i: type }],
  });
  const nodes: NodeProto[] = [
    ...[...inputs].map(([name, half]) => cast(name, half, DataType.FLOAT16)),
    ...(graph.node ?? []).map((n) => ({
      ...n,
      input: (n.input ?? []).map(rename),
      output: (n.output ?? []).map(rename),
      attribute: (n.attribute ?? []).map((a) => {
        if (a.t) return { ...a, t: toHalf(a.t) };
        if (n.opType === 'Cast' && a.name === 'to' && Number(a.i) === DataType.FLOAT) return { ...a, i: DataType.FLOAT16 };
        return a;
      }),
    })),
    ...[...outputs].map(([name, half]) => cast(half, name, DataType.FLOAT)),
  ];
  return { ...model, graph: { ...graph, node: nodes, initializer: (graph.initializer ?? []).map(toHalf), valueInfo: [] } };
}
