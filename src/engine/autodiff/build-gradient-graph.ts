// Reverse-mode differentiation of an ONNX graph. The result is one graph holding the
// forward nodes unchanged followed by the gradient nodes, which read the forward
// activations directly (nothing is recomputed beyond cheap LayerNorm statistics).
import { foldConstants } from './fold-constants.ts';
import { GraphEmitter } from './graph-emitter.ts';
import { defaultOpset, onnx, type ModelProto, type NodeProto, type ValueInfoProto } from './onnx-codec.ts';
import { inferShapes, type Dim, type ShapeMap } from './shape-inference.ts';
import { isFloatType } from './tensor-data.ts';
import { NON_DIFFERENTIABLE, VJP_TABLE } from './vjp-table.ts';

export interface GradientSeed {
  /** Graph output (or any tensor) to differentiate. */
  output: string;
  /** Name of a new graph input, same shape as `output`, holding d(objective)/d(output). */
  gradInput: string;
}

export interface GradientGraphOptions {
  /** Graph inputs to differentiate with respect to. */
  wrt: string[];
  seeds: GradientSeed[];
  /** Names for the gradient outputs (default `<wrt>_grad`). */
  gradOutputNames?: string[];
  /** Forward tensors to keep as outputs (default: the graph's outputs). */
  keepOutputs?: string[];
  /** Replace nodes with statically known outputs by initializers (default true). */
  foldConstants?: boolean;
}

export interface GradientGraph {
  model: ModelProto;
  shapes: ShapeMap;
  forwardNodeCount: number;
}

function tensorValueInfo(name: string, elemType: number, shape: Dim[] | undefined): ValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: shape ? { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d.replace(/[^A-Za-z0-9_]/g, '_') })) } : undefined,
      },
    },
  };
}

function nodeLabel(node: NodeProto): string {
  return `${node.opType ?? '?'} node "${node.name || (node.output ?? [])[0] || '?'}"`;
}

/** Tensors that depend on any of `wrt` through differentiable float ops. */
function findRequiresGrad(nodes: NodeProto[], wrt: string[], shapes: ShapeMap): Set<string> {
  const requires = new Set(wrt);
  for (const node of nodes) {
    if (NON_DIFFERENTIABLE.has(node.opType ?? '')) continue;
    if (!(node.input ?? []).some((n) => n && requires.has(n))) continue;
    for (const out of node.output ?? []) {
      const type = shapes.get(out)?.elemType;
      if (out && (type === undefined || isFloatType(type))) requires.add(out);
    }
  }
  return requires;
}

/**
 * Gives tensor `from` the name `to` by renaming it where it is produced and consumed
 * among `nodes` (onnxruntime's WebGPU provider lists no Identity kernel); a tensor that
 * no node of `nodes` produces, or one in `fixed`, gets an Identity instead.
 */
export function nameTensor(nodes: NodeProto[], from: string, to: string, emit: GraphEmitter, fixed: Set<string | null | undefined>): void {
  const producer = nodes.find((n) => (n.output ?? []).includes(from));
  if (!producer || fixed.has(from)) {
    emit.nodes.push({ opType: 'Identity', name: `${to}/identity`, input: [from], output: [to] });
    return;
  }
  for (const n of nodes) {
    n.input = (n.input ?? []).map((i) => (i === from ? to : i));
    n.output = (n.output ?? []).map((o) => (o === from ? to : o));
  }
  const info = emit.shapes.get(from);
  if (info) emit.shapes.set(to, info);
}

function removeDeadNodes(model: ModelProto): void {
  const graph = model.graph!;
  const live = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const kept: NodeProto[] = [];
  for (const node of [...(graph.node ?? [])].reverse()) {
    if (!(node.output ?? []).some((o) => live.has(o))) continue;
    kept.push(node);
    for (const i of node.input ?? []) if (i) live.add(i);
  }
  graph.node = kept.reverse();
  graph.initializer = (graph.initializer ?? []).filter((t) => live.has(t.name ?? ''));
  graph.input = (graph.input ?? []).filter((i) => live.has(i.name ?? '') || !(graph.initializer ?? []).some((t) => t.name === i.name));
  graph.valueInfo = [];
}

export function buildGradientGraph(source: ModelProto, options: GradientGraphOptions): GradientGraph {
  // Decode-free copy: the node list and graph arrays are replaced, tensors are shared.
  const model: ModelProto = {
    ...source,
    graph: {
      ...source.graph!,
      node: [...(source.graph!.node ?? [])],
      initializer: [...(source.graph!.initializer ?? [])],
      input: [...(source.graph!.input ?? [])],
    },
  };
  const graph = model.graph!;
  const opset = defaultOpset(model);
  for (const node of graph.node ?? []) {
    if (node.domain && node.domain !== 'ai.onnx')
      throw new Error(`${nodeLabel(node)} is in domain "${node.domain}"; only standard ONNX ops can be differentiated`);
  }
  const graphInputs = new Set((graph.input ?? []).map((i) => i.name));
  for (const w of options.wrt) if (!graphInputs.has(w)) throw new Error(`"${w}" is not an input of the model`);
  const shapes = inferShapes(graph, opset);
  const taken = new Set<string>();
  for (const node of graph.node ?? []) for (const n of [...(node.input ?? []), ...(node.output ?? []), node.name ?? '']) taken.add(n);
  for (const t of graph.initializer ?? []) taken.add(t.name ?? '');
  for (const i of graph.input ?? []) taken.add(i.name ?? '');
  const emit = new GraphEmitter(opset, shapes, taken);
  const forwardNodes = [...(graph.node ?? [])];
  const requires = findRequiresGrad(forwardNodes, options.wrt, shapes);

  const grads = new Map<string, string>();
  const accumulate = (name: string, g: string) => {
    const prior = grads.get(name);
    grads.set(name, prior ? emit.add(prior, g) : g);
  };
  const newInputs: ValueInfoProto[] = [];
  for (const seed of options.seeds) {
    const info = shapes.get(seed.output);
    if (!info) throw new Error(`seed "${seed.output}" is not a tensor of the model`);
    if (taken.has(seed.gradInput)) throw new Error(`seed input name "${seed.gradInput}" is already used in the model`);
    taken.add(seed.gradInput);
    shapes.set(seed.gradInput, { elemType: info.elemType, shape: info.shape });
    newInputs.push(tensorValueInfo(seed.gradInput, info.elemType ?? onnx.TensorProto.DataType.FLOAT, info.shape));
    accumulate(seed.output, seed.gradInput);
  }

  for (let k = forwardNodes.length - 1; k >= 0; k--) {
    const node = forwardNodes[k]!;
    const outs = node.output ?? [];
    const gradOutputs = outs.map((o) => (o ? grads.get(o) : undefined));
    if (!gradOutputs.some((g) => g)) continue;
    const needsGrad = (node.input ?? []).map((n) => !!n && requires.has(n));
    if (!needsGrad.some((b) => b)) continue;
    const op = node.opType ?? '';
    if (NON_DIFFERENTIABLE.has(op)) continue;
    const rule = VJP_TABLE[op];
    const label = nodeLabel(node);
    if (!rule) throw new Error(`no gradient rule for ONNX op ${op} (${label})`);
    const inputGrads = rule({ node, emit, gradOutputs, needsGrad, label });
    inputGrads.forEach((g, i) => {
      const name = node.input?.[i];
      if (g && name && needsGrad[i]) accumulate(name, g);
    });
  }

  const gradNames = options.gradOutputNames ?? options.wrt.map((w) => `${w}_grad`);
  const gradOutputs: ValueInfoProto[] = options.wrt.map((w, i) => {
    const g = grads.get(w);
    if (!g) throw new Error(`the seeds do not depend on "${w}"`);
    const name = gradNames[i]!;
    if (taken.has(name)) throw new Error(`gradient output name "${name}" is already used in the model`);
    nameTensor(emit.nodes, g, name, emit, graphInputs);
    const info = shapes.get(w)!;
    shapes.set(name, info);
    return tensorValueInfo(name, info.elemType ?? onnx.TensorProto.DataType.FLOAT, info.shape);
  });

  const keep = options.keepOutputs ?? (graph.output ?? []).map((o) => o.name ?? '');
  const outputs = keep.map((name) => {
    const existing = (graph.output ?? []).find((o) => o.name === name);
    if (existing) return existing;
    const info = shapes.get(name);
    if (!info) throw new Error(`"${name}" is not a tensor of the model`);
    return tensorValueInfo(name, info.elemType ?? onnx.TensorProto.DataType.FLOAT, info.shape);
  });

  graph.node = [...forwardNodes, ...emit.nodes];
  graph.initializer = [...(graph.initializer ?? []), ...emit.initializers];
  graph.input = [...(graph.input ?? []), ...newInputs];
  graph.output = [...outputs, ...gradOutputs];
  if (options.foldConstants ?? true) foldConstants(graph, shapes);
  removeDeadNodes(model);
  return { model, shapes, forwardNodeCount: forwardNodes.length };
}
