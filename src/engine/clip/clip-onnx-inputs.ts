import protobuf from 'protobufjs/minimal.js';
import { onnx, toInt, type ValueInfoProto } from '../autodiff/onnx-codec.ts';

// Reads the graph inputs' shapes from ONNX bytes without decoding the weights: the runtime
// needs the symbolic batch dimension names to fix them per session (freeDimensionOverrides).
// With every shape static, ORT folds the shape subgraphs away; otherwise it places those small
// int64 nodes on the CPU provider. A full ModelProto.decode would walk every initializer of a
// several-hundred-MB model, so this walks ModelProto.graph(7) -> GraphProto.input(11) with
// protobufjs's own Reader, skipping every other field by its wire type, and decodes each input
// with onnx-proto's generated ValueInfoProto decoder: one protobuf codec in the whole engine.

export interface OnnxInputShape {
  name: string;
  dims: (number | string)[];
}

const MODEL_GRAPH = 7;
const GRAPH_INPUT = 11;
const LENGTH_DELIMITED = 2;

/** Calls `onField` for each occurrence of `fieldNo` (length-delimited) in the next `length` bytes; skips the rest. */
function eachField(r: protobuf.Reader, end: number, fieldNo: number, onField: (length: number) => void): void {
  while (r.pos < end) {
    const key = r.uint32();
    if (key >>> 3 === fieldNo && (key & 7) === LENGTH_DELIMITED) onField(r.uint32());
    else r.skipType(key & 7);
  }
}

function graphInputs(model: Uint8Array): ValueInfoProto[] {
  const r = protobuf.Reader.create(model);
  let inputs: ValueInfoProto[] | null = null;
  try {
    eachField(r, r.len, MODEL_GRAPH, (length) => {
      const graphEnd = r.pos + length;
      if (graphEnd > r.len) throw new RangeError(`graph of ${length} bytes past the end`);
      const found: ValueInfoProto[] = [];
      eachField(r, graphEnd, GRAPH_INPUT, (inputLength) => found.push(onnx.ValueInfoProto.decode(r, inputLength)));
      inputs ??= found;
    });
  } catch (error) {
    throw new Error(`truncated ONNX protobuf: ${(error as Error).message}`);
  }
  if (!inputs) throw new Error('not an ONNX model: no graph');
  return inputs;
}

export function readOnnxInputShapes(model: Uint8Array): OnnxInputShape[] {
  return graphInputs(model).map((input) => ({
    name: input.name ?? '',
    // A decoded message owns only the fields the bytes carried (defaults sit on the prototype),
    // so a dimension with neither a value nor a name reads as '?', not as a size of 0.
    dims: (input.type?.tensorType?.shape?.dim ?? []).map((d): number | string =>
      d.dimParam ? d.dimParam : Object.hasOwn(d, 'dimValue') ? toInt(d.dimValue) : '?',
    ),
  }));
}

/** freeDimensionOverrides fixing every input's symbolic first (batch) dimension to `batch`. */
export function batchDimensionOverrides(model: Uint8Array, batch: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const input of readOnnxInputShapes(model)) {
    const first = input.dims[0];
    if (typeof first === 'string' && first !== '?' && first !== '') out[first] = batch;
  }
  return out;
}

/** Fixes the batch dimension: overrides for symbolic ones; a batch already pinned in the model must match. */
export function fixedBatchOverrides(model: Uint8Array, batch: number): Record<string, number> {
  for (const input of readOnnxInputShapes(model)) {
    const first = input.dims[0];
    if (typeof first === 'number' && first !== batch) {
      throw new Error(`the model's input "${input.name}" is pinned to batch ${first}, but the runtime was asked for micro-batches of ${batch}`);
    }
  }
  return batchDimensionOverrides(model, batch);
}
