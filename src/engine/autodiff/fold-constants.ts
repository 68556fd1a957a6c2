// Replaces nodes whose outputs static shape inference already knows (shape arithmetic
// such as Shape -> Gather -> Concat, ConstantOfShape, Range, Constant) by initializers.
// With a fixed batch size this removes every shape subgraph, so no node of the graph has
// to run on the CPU beside the WebGPU provider.
import type { GraphProto, TensorProto } from './onnx-codec.ts';
import type { ShapeMap } from './shape-inference.ts';
import { makeTensor } from './tensor-data.ts';

export function foldConstants(graph: GraphProto, shapes: ShapeMap): number {
  const graphOutputs = new Set((graph.output ?? []).map((o) => o.name));
  const added: TensorProto[] = [];
  let folded = 0;
  graph.node = (graph.node ?? []).filter((node) => {
    const outputs = node.output ?? [];
    if (outputs.length === 0 || outputs.some((o) => !o || graphOutputs.has(o))) return true;
    const tensors: TensorProto[] = [];
    for (const name of outputs) {
      const info = shapes.get(name);
      const shape = info?.shape;
      const value = info?.value;
      if (!shape || !value || info.elemType === undefined) return true;
      if (shape.some((d) => typeof d !== 'number') || value.some((v) => typeof v !== 'number')) return true;
      const count = (shape as number[]).reduce((a, b) => a * b, 1);
      if (count !== value.length) return true;
      const tensor = makeTensor(name, info.elemType, shape as number[], value as number[]);
      if (!tensor) return true;
      tensors.push(tensor);
    }
    added.push(...tensors);
    folded += 1;
    return false;
  });
  graph.initializer = [...(graph.initializer ?? []), ...added];
  return folded;
}
