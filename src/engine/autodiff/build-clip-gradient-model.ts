// The CLIPVG directional loss on top of a CLIP vision export, and its gradient with
// respect to the pixels, as one ONNX graph:
//   e_b = E_I(pixel_values_b); dI_b = e_b/|e_b| - ref_embeds_b
//   loss_b = 1 - cos(dI_b, delta_t_b);  pixel_grad = d(sum_b loss_weights_b loss_b)/d pixel_values
import { buildGradientGraph, nameTensor } from './build-gradient-graph.ts';
import { GraphEmitter } from './graph-emitter.ts';
import { defaultOpset, onnx, parseModel, serializeModel, type ModelProto, type ValueInfoProto } from './onnx-codec.ts';
import { inferShapes, type Dim } from './shape-inference.ts';

export const CLIP_GRADIENT_IO = {
  pixels: 'pixel_values',
  deltaT: 'delta_t',
  reference: 'ref_embeds',
  weights: 'loss_weights',
  loss: 'loss',
  pixelGrad: 'pixel_grad',
  embeds: 'image_embeds',
} as const;

export interface ClipGradientOptions {
  /** Vision model input holding the pixels (default `pixel_values`). */
  pixelInput?: string;
  /** Vision model output holding the projected embedding (default `image_embeds`). */
  embedsOutput?: string;
  /** Also output the raw `image_embeds` [B,D] (default false). */
  keepEmbeds?: boolean;
  /**
   * Pin the batch dimension. Every shape then is static and shape subgraphs fold into
   * constants, so the graph has no Shape/ConstantOfShape nodes (which have no WebGPU
   * kernel); the session then only accepts this batch size.
   */
  batchSize?: number;
  /** appendDirectionalLoss only: also output `cosine` [B] = 1 - loss, computed before the subtraction (finer float32 resolution). */
  cosineOutput?: boolean;
}

function input(name: string, elemType: number, dims: Dim[]): ValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } };
}

/** Adds the directional loss (output `loss`, inputs `delta_t`, `ref_embeds`) to a vision model. */
function pinBatch(info: ValueInfoProto, batchSize: number): ValueInfoProto {
  const dims = info.type?.tensorType?.shape?.dim ?? [];
  if (dims.length === 0) throw new Error(`input "${info.name}" has no shape to pin the batch size in`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  return { ...info, type: { tensorType: { ...info.type!.tensorType!, shape: { dim: [{ dimValue: batchSize }, ...dims.slice(1)] } } } };
}

export function appendDirectionalLoss(source: ModelProto, options: ClipGradientOptions = {}): ModelProto {
  const embedsName = options.embedsOutput ?? CLIP_GRADIENT_IO.embeds;
  const pixelName = options.pixelInput ?? CLIP_GRADIENT_IO.pixels;
  const original = source.graph!;
  const pixelInfo = (original.input ?? []).find((i) => i.name === pixelName);
  if (!pixelInfo) throw new Error(`the vision model has no input "${pixelName}" (inputs: ${(original.input ?? []).map((i) => i.name).join(', ')})`);
  const graph =
    options.batchSize === undefined
      ? original
      : {
          ...original,
          input: (original.input ?? []).map((i) => (i === pixelInfo ? pinBatch(i, options.batchSize!) : i)),
        };
  if (!(graph.output ?? []).some((o) => o.name === embedsName)) {
    throw new Error(`the vision model has no output "${embedsName}" (outputs: ${(graph.output ?? []).map((o) => o.name).join(', ')})`);
  }
  const opset = defaultOpset(source);
  const shapes = inferShapes(graph, opset);
  const embeds = shapes.get(embedsName);
  if (embeds?.shape?.length !== 2 || typeof embeds.shape[1] !== 'number') {
    throw new Error(`"${embedsName}" must be [batch, D] with a static D; inferred ${JSON.stringify(embeds?.shape)}`);
  }
  const batch = embeds.shape[0]!;
  const elemType = embeds.elemType ?? onnx.TensorProto.DataType.FLOAT;
  const taken = new Set<string>();
  for (const node of graph.node ?? []) for (const n of [...(node.input ?? []), ...(node.output ?? []), node.name ?? '']) taken.add(n);
  for (const t of graph.initializer ?? []) taken.add(t.name ?? '');
  for (const i of graph.input ?? []) taken.add(i.name ?? '');
  for (const name of [CLIP_GRADIENT_IO.deltaT, CLIP_GRADIENT_IO.reference, CLIP_GRADIENT_IO.loss]) {
    if (taken.has(name)) throw new Error(`the vision model already uses the name "${name}"`);
  }
  const d = embeds.shape[1];
  const deltaT = CLIP_GRADIENT_IO.deltaT;
  const reference = CLIP_GRADIENT_IO.reference;
  shapes.set(deltaT, { elemType, shape: [batch, d] });
  shapes.set(reference, { elemType, shape: [batch, d] });
  const emit = new GraphEmitter(opset, shapes, taken, 'loss');
  const sumLast = (x: string, keep: boolean) => emit.reduceSum(x, [1], keep);
  const unit = emit.div(embedsName, emit.op('Sqrt', [sumLast(emit.mul(embedsName, embedsName), true)]));
  const dI = emit.sub(unit, reference);
  const dot = sumLast(emit.mul(dI, deltaT), false);
  const norms = emit.op('Sqrt', [emit.mul(sumLast(emit.mul(dI, dI), false), sumLast(emit.mul(deltaT, deltaT), false))]);
  const cosine = emit.div(dot, norms);
  const loss = emit.sub(emit.scalar(1, embedsName), cosine);
  const noInputs = new Set<string>();
  nameTensor(emit.nodes, loss, CLIP_GRADIENT_IO.loss, emit, noInputs);
  const extraOutputs: ValueInfoProto[] = [];
  if (options.cosineOutput) {
    nameTensor(emit.nodes, cosine, 'cosine', emit, noInputs);
    extraOutputs.push(input('cosine', elemType, [batch]));
  }
  return {
    ...source,
    graph: {
      ...graph,
      valueInfo: [],
      node: [...(graph.node ?? []), ...emit.nodes],
      initializer: [...(graph.initializer ?? []), ...emit.initializers],
      input: [...(graph.input ?? []), input(deltaT, elemType, [batch, d]), input(reference, elemType, [batch, d])],
      output: [...(graph.output ?? []), input(CLIP_GRADIENT_IO.loss, elemType, [batch]), ...extraOutputs],
    },
  };
}

/** Parsed-model form of buildClipGradientModel. */
export function buildClipGradientProto(vision: ModelProto, options: ClipGradientOptions = {}): ModelProto {
  const withLoss = appendDirectionalLoss(vision, options);
  const embedsName = options.embedsOutput ?? CLIP_GRADIENT_IO.embeds;
  const { model } = buildGradientGraph(withLoss, {
    wrt: [options.pixelInput ?? CLIP_GRADIENT_IO.pixels],
    seeds: [{ output: CLIP_GRADIENT_IO.loss, gradInput: CLIP_GRADIENT_IO.weights }],
    gradOutputNames: [CLIP_GRADIENT_IO.pixelGrad],
    keepOutputs: options.keepEmbeds ? [CLIP_GRADIENT_IO.loss, embedsName] : [CLIP_GRADIENT_IO.loss],
  });
  return model;
}

/**
 * From the bytes of a CLIP vision export (transformers.js layout), the bytes of one ONNX
 * model with inputs pixel_values [B,3,H,W], delta_t [B,D], ref_embeds [B,D],
 * loss_weights [B] and outputs loss [B], pixel_grad [B,3,H,W] (plus image_embeds [B,D]
 * with keepEmbeds). Weights are carried over as the raw bytes they came in.
 */
export function buildClipGradientModel(visionModelBytes: Uint8Array, options: ClipGradientOptions = {}): Uint8Array {
  return serializeModel(buildClipGradientProto(parseModel(visionModelBytes), options));
}
