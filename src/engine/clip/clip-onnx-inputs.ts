// Reads the graph inputs' shapes from ONNX bytes without decoding the weights: the runtime
// needs the symbolic batch dimension names to fix them per session (freeDimensionOverrides).
// With every shape static, ORT folds the shape subgraphs away; otherwise it places those small
// int64 nodes on the CPU provider. Hand-written because a full protobuf decode would copy
// hundreds of MB of weights and pull protobufjs into ui.html; it only follows
// ModelProto.graph(7) -> GraphProto.input(11) -> ValueInfoProto{name(1), type(2) ->
// tensor_type(1) -> shape(2) -> dim(1){dim_value(1) | dim_param(2)}} and skips the rest.

export interface OnnxInputShape {
  name: string;
  dims: (number | string)[];
}

class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  done(): boolean {
    return this.pos >= this.end;
  }
  varint(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (this.pos >= this.end) throw new Error('truncated ONNX protobuf (varint)');
      const b = this.bytes[this.pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
  }
  /** Reads the next field's key and skips its payload; returns [field, wireType]. */
  field(): [number, number] {
    const key = this.varint();
    const wire = key & 7;
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) {
      const length = this.varint();
      this.pos += length;
    } else if (wire === 5) this.pos += 4;
    else throw new Error(`unsupported protobuf wire type ${wire} in ONNX model`);
    if (this.pos > this.end) throw new Error('truncated ONNX protobuf');
    return [Math.floor(key / 8), wire];
  }
}

/** Payload [start, end) of each length-delimited occurrence of `fieldNo` in [start, end). */
function children(bytes: Uint8Array, start: number, end: number, fieldNo: number): [number, number][] {
  const r = new Reader(bytes, start, end);
  const out: [number, number][] = [];
  while (!r.done()) {
    const fieldStart = r.pos;
    const [field, wire] = r.field();
    if (field === fieldNo && wire === 2) {
      const inner = new Reader(bytes, fieldStart, r.pos);
      inner.varint();
      const len = inner.varint();
      out.push([inner.pos, inner.pos + len]);
    }
  }
  return out;
}

function one(bytes: Uint8Array, start: number, end: number, fieldNo: number): [number, number] | undefined {
  return children(bytes, start, end, fieldNo)[0];
}

export function readOnnxInputShapes(model: Uint8Array): OnnxInputShape[] {
  const graph = one(model, 0, model.length, 7);
  if (!graph) throw new Error('not an ONNX model: no graph');
  const text = new TextDecoder();
  return children(model, graph[0], graph[1], 11).map(([s, e]) => {
    const nameAt = one(model, s, e, 1);
    const name = nameAt ? text.decode(model.subarray(nameAt[0], nameAt[1])) : '';
    const type = one(model, s, e, 2);
    const tensor = type && one(model, type[0], type[1], 1);
    const shape = tensor && one(model, tensor[0], tensor[1], 2);
    const dims = shape
      ? children(model, shape[0], shape[1], 1).map(([ds, de]): number | string => {
          const r = new Reader(model, ds, de);
          while (!r.done()) {
            const fieldStart = r.pos;
            const [field, wire] = r.field();
            const inner = new Reader(model, fieldStart, r.pos);
            inner.varint();
            if (field === 1 && wire === 0) return inner.varint();
            if (field === 2 && wire === 2) {
              const len = inner.varint();
              return text.decode(model.subarray(inner.pos, inner.pos + len));
            }
          }
          return '?';
        })
      : [];
    return { name, dims };
  });
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
