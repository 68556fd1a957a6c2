// Undoes onnxruntime's dynamic (weight-only) quantization, quantize_dynamic: its
// MatMulInteger / ConvInteger pattern (operators/matmul.py, operators/conv.py)
//   DynamicQuantizeLinear(A) -> (A_q, A_scale, A_zp)
//   MatMulInteger(A_q, W_q, A_zp, W_zp) -> Cast(to=FLOAT) -> Mul(., Mul(A_scale, W_scale)) -> Y
// becomes MatMul(A, W) -> Y with W = (W_q - W_zp) * W_scale in float32 (per column for
// MatMul, per tensor or per output channel for Conv), and its Gather pattern
// (operators/gather.py) Gather(T_q, ids) -> DequantizeLinear(., s, zp) becomes Gather(T, ids).
// A DequantizeLinear of a constant folds into a float32 constant. The activations are then
// no longer quantized, so the graph is the float32 model with int8-rounded weights.
import type { GraphProto, NodeProto, TensorProto } from '../autodiff/onnx-codec.ts';
import { tensorDims } from '../autodiff/tensor-data.ts';
import { consumersOf, float32Tensor, producersOf, pruneDeadNodes, tensorToFloat32 } from './graph-edit.ts';

export const QUANTIZED_OPS: ReadonlySet<string> = new Set([
  'DynamicQuantizeLinear',
  'MatMulInteger',
  'ConvInteger',
  'DequantizeLinear',
  'QuantizeLinear',
  'MatMulIntegerToFloat',
  'QLinearMatMul',
  'QLinearConv',
  'DynamicQuantizeMatMul',
]);

export class QuantizedPatternError extends Error {
  override name = 'QuantizedPatternError';
}

export function hasQuantizedOps(graph: GraphProto): boolean {
  return (graph.node ?? []).some((n) => QUANTIZED_OPS.has(n.opType ?? ''));
}

const label = (n: NodeProto) => `${n.opType} node "${n.name || n.output?.[0]}"`;

/** (q - zp) * scale, with scale/zp scalar or one value per slice along `axis`. */
function dequantize(q: TensorProto, scale: TensorProto, zp: TensorProto | undefined, axis: number): Float32Array {
  const dims = tensorDims(q);
  const values = tensorToFloat32(q);
  const s = tensorToFloat32(scale);
  const z = zp ? tensorToFloat32(zp) : new Float32Array(s.length);
  if (s.length === 1) {
    for (let i = 0; i < values.length; i++) values[i] = (values[i]! - z[0]!) * s[0]!;
    return values;
  }
  const a = axis < 0 ? axis + dims.length : axis;
  if (dims[a] !== s.length || z.length !== s.length) throw new QuantizedPatternError(`${q.name}: ${s.length} scales for axis ${a} of [${dims.join(',')}]`);
  const inner = dims.slice(a + 1).reduce((x, y) => x * y, 1);
  for (let i = 0; i < values.length; i++) {
    const c = Math.floor(i / inner) % s.length;
    values[i] = (values[i]! - z[c]!) * s[c]!;
  }
  return values;
}

/** Rewrites the graph in place; returns how many integer ops were turned back into float ones. */
export function dequantizeInt8(graph: GraphProto): number {
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name ?? '', t]));
  const producers = producersOf(graph);
  const consumers = consumersOf(graph);
  const only = (name: string, op: string): NodeProto | undefined => {
    const c = consumers.get(name) ?? [];
    return c.length === 1 && c[0]!.opType === op ? c[0] : undefined;
  };
  const added: TensorProto[] = [];
  const replaced = new Map<NodeProto, NodeProto>();
  let rewritten = 0;
  for (const node of graph.node ?? []) {
    const op = node.opType ?? '';
    if (op === 'MatMulInteger' || op === 'ConvInteger') {
      const [aQ = '', wQ = '', aZp = '', wZp = ''] = node.input ?? [];
      const dql = producers.get(aQ);
      const w = inits.get(wQ);
      const cast = only(node.output?.[0] ?? '', 'Cast');
      const mul = cast && only(cast.output?.[0] ?? '', 'Mul');
      const scalesName = mul?.input?.find((i) => i !== cast!.output![0]);
      const scales = scalesName ? producers.get(scalesName) : undefined;
      const wScaleName = scales?.opType === 'Mul' ? scales.input?.find((i) => i !== dql?.output?.[1]) : undefined;
      const wScale = wScaleName ? inits.get(wScaleName) : undefined;
      if (
        !dql ||
        dql.opType !== 'DynamicQuantizeLinear' ||
        dql.output?.[2] !== aZp ||
        !w ||
        !mul ||
        !scales?.input?.includes(dql.output?.[1] ?? '') ||
        !wScale ||
        (wZp && !inits.has(wZp))
      ) {
        throw new QuantizedPatternError(
          `${label(node)} is not in onnxruntime's dynamic-quantization pattern (DynamicQuantizeLinear -> ${op} -> Cast -> Mul by the scales), so it cannot be turned back into float32`,
        );
      }
      const weight = dequantize(w, wScale, wZp ? inits.get(wZp) : undefined, op === 'MatMulInteger' ? -1 : 0);
      const name = `${wQ}_dequantized_fp32`;
      if (!inits.has(name)) {
        const t = float32Tensor(name, tensorDims(w), weight);
        added.push(t);
        inits.set(name, t);
      }
      const x = dql.input?.[0] ?? '';
      const attrs = op === 'ConvInteger' ? node.attribute : [];
      replaced.set(mul, {
        name: `${node.name || mul.output![0]}_fp32`,
        opType: op === 'MatMulInteger' ? 'MatMul' : 'Conv',
        input: [x, name],
        output: [mul.output![0]!],
        attribute: attrs,
      });
      rewritten++;
    } else if (op === 'DequantizeLinear') {
      const [xq = '', s = '', zp = ''] = node.input ?? [];
      const axis = Number((node.attribute ?? []).find((a) => a.name === 'axis')?.i ?? 1);
      const scale = inits.get(s);
      const zero = zp ? inits.get(zp) : undefined;
      if (!scale || (zp && !zero)) throw new QuantizedPatternError(`${label(node)} has a scale or zero point that is not a constant`);
      const constant = inits.get(xq);
      const gather = producers.get(xq);
      if (constant) {
        const t = float32Tensor(node.output![0]!, tensorDims(constant), dequantize(constant, scale, zero, axis));
        added.push(t);
        inits.set(t.name!, t);
        replaced.set(node, { opType: 'Identity', name: `${node.name}_folded`, input: [], output: [] });
      } else if (gather?.opType === 'Gather' && inits.has(gather.input?.[0] ?? '') && tensorToFloat32(scale).length === 1) {
        const table = inits.get(gather.input![0]!)!;
        const name = `${table.name}_dequantized_fp32`;
        const t = float32Tensor(name, tensorDims(table), dequantize(table, scale, zero, 0));
        added.push(t);
        inits.set(name, t);
        replaced.set(node, { ...gather, name: `${gather.name}_fp32`, input: [name, gather.input![1]!], output: [node.output![0]!] });
      } else {
        throw new QuantizedPatternError(
          `${label(node)} dequantizes a computed tensor, which only a quantized graph produces; it cannot be turned back into float32`,
        );
      }
      rewritten++;
    }
  }
  graph.node = (graph.node ?? []).map((n) => replaced.get(n) ?? n).filter((n) => (n.output ?? []).length > 0);
  graph.initializer = [...(graph.initializer ?? []), ...added];
  pruneDeadNodes(graph);
  const left = (graph.node ?? []).find((n) => QUANTIZED_OPS.has(n.opType ?? ''));
  if (left) throw new QuantizedPatternError(`${label(left)} is left after dequantization: this quantized layout is not supported`);
  return rewritten;
}
