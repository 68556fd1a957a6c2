// onnx-proto ships protobufjs code generated from onnx.proto, so it needs no .proto
// file at run time and bundles for the browser with esbuild; protobufjs's own
// reflection API would need the schema text shipped beside it.
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
export type ModelProto = onnxProto.onnx.IModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

/** protobufjs decodes int64 as Long where the `long` package resolves (Node) and as number elsewhere. */
export type Int64Like = number | { toNumber(): number };

export function toInt(value: Int64Like | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

export function parseModel(bytes: Uint8Array): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new Error(`not an ONNX model: ${(error as Error).message}`);
  }
  if (!model.graph) throw new Error('not an ONNX model: it has no graph');
  return model;
}

export function serializeModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/** Version of the default (ai.onnx) domain that the model imports. */
export function defaultOpset(model: ModelProto): number {
  for (const entry of model.opsetImport ?? []) {
    if (!entry.domain || entry.domain === 'ai.onnx') return toInt(entry.version);
  }
  throw new Error('the ONNX model imports no ai.onnx opset');
}
