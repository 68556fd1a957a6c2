// Small helpers shared by the on-load conversions (fp16 upcast, int8 dequantisation):
// tensor decoding to Float32Array, renaming tensors, and pruning what no output needs.
import type { GraphProto, NodeProto, TensorProto } from '../autodiff/onnx-codec.ts';
import { DataType, readTensorValues, tensorDims } from '../autodiff/tensor-data.ts';

let halfTable: Float32Array | undefined;

/** All 65,536 float16 bit patterns as float32 (a table: weights have ~10^8 of them). */
function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) t[h] = sign * 2 ** -14 * (fraction / 1024);
    else if (exponent === 31) t[h] = fraction ? NaN : sign * Infinity;
    else t[h] = sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
  }
  halfTable = t;
  return t;
}

const elementCount = (t: TensorProto) => tensorDims(t).reduce((a, b) => a * b, 1);

function rawView(t: TensorProto): DataView | undefined {
  const raw = t.rawData;
  return raw && raw.length > 0 ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : undefined;
}

/** Values of a float16 / uint8 / int8 / float tensor (weights, so typed arrays, not number[]). */
export function tensorToFloat32(t: TensorProto): Float32Array {
  const n = elementCount(t);
  const view = rawView(t);
  const out = new Float32Array(n);
  switch (t.dataType) {
    case DataType.FLOAT16: {
      const table = halfToFloatTable();
      if (view) for (let i = 0; i < n; i++) out[i] = table[view.getUint16(i * 2, true)]!;
      else (t.int32Data ?? []).forEach((h, i) => (out[i] = table[h]!));
      return out;
    }
    case DataType.FLOAT:
      if (view) for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
      else out.set(t.floatData ?? []);
      return out;
    case DataType.UINT8:
      if (view) for (let i = 0; i < n; i++) out[i] = view.getUint8(i);
      else out.set(t.int32Data ?? []);
      return out;
    case DataType.INT8:
      if (view) for (let i = 0; i < n; i++) out[i] = view.getInt8(i);
      else out.set(t.int32Data ?? []);
      return out;
    default:
      out.set(readTensorValues(t));
      return out;
  }
}

export function float32Tensor(name: string, dims: number[], values: Float32Array): TensorProto {
  return { name, dataType: DataType.FLOAT, dims, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

/** Replaces tensor names everywhere they are read or written (graph outputs included). */
export function renameTensors(graph: GraphProto, renames: Map<string, string>): void {
  if (renames.size === 0) return;
  const resolve = (name: string) => {
    let n = name;
    for (let guard = 0; renames.has(n) && guard < 64; guard++) n = renames.get(n)!;
    return n;
  };
  for (const node of graph.node ?? []) {
    node.input = (node.input ?? []).map(resolve);
    node.output = (node.output ?? []).map(resolve);
  }
}

/** Drops nodes whose outputs nothing reads, then initializers nothing reads. */
export function pruneDeadNodes(graph: GraphProto): void {
  const outputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  let nodes = graph.node ?? [];
  for (;;) {
    const read = new Set<string>(outputs);
    for (const n of nodes) for (const i of n.input ?? []) read.add(i);
    const kept = nodes.filter((n) => (n.output ?? []).some((o) => o !== '' && read.has(o)));
    if (kept.length === nodes.length) break;
    nodes = kept;
  }
  graph.node = nodes;
  const read = new Set<string>();
  for (const n of nodes) for (const i of n.input ?? []) read.add(i);
  graph.initializer = (graph.initializer ?? []).filter((t) => read.has(t.name ?? ''));
}

export function consumersOf(graph: GraphProto): Map<string, NodeProto[]> {
  const map = new Map<string, NodeProto[]>();
  for (const n of graph.node ?? [])
    for (const i of n.input ?? []) {
      if (!map.has(i)) map.set(i, []);
      map.get(i)!.push(n);
    }
  return map;
}

export function producersOf(graph: GraphProto): Map<string, NodeProto> {
  const map = new Map<string, NodeProto>();
  for (const n of graph.node ?? []) for (const o of n.output ?? []) map.set(o, n);
  return map;
}

export function opCounts(graph: GraphProto): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of graph.node ?? []) counts[n.opType ?? ''] = (counts[n.opType ?? ''] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
