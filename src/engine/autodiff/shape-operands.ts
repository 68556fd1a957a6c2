// What a node's operands say about its shape: reduction and squeeze axes, slice and split
// parameters, convolution geometry (attributes in older opsets, constant inputs in newer).
import { attrInt, attrInts, hasAttr } from './onnx-attributes.ts';
import type { NodeProto } from './onnx-codec.ts';
import { constValue, normAxis, type Dim, type ShapeMap } from './symbolic-dims.ts';

/** The axes a reduction node reduces over (attribute before opset 13/18, input after), or undefined for "all". */
export function reductionAxes(node: NodeProto, map: ShapeMap): number[] | undefined {
  const fromAttr = attrInts(node, 'axes');
  if (fromAttr) return fromAttr;
  const axesName = node.input?.[1];
  if (axesName) {
    const v = map.get(axesName)?.value;
    if (!v || v.some((x) => typeof x !== 'number')) throw new Error(`${node.opType} node ${node.name ?? ''}: axes input ${axesName} is not a constant`);
    return v as number[];
  }
  return undefined;
}

/** Axes given as attribute or (newer opsets) as second input, for Squeeze/Unsqueeze. */
export function axesOperand(node: NodeProto, map: ShapeMap): number[] | undefined {
  const fromAttr = attrInts(node, 'axes');
  if (fromAttr) return fromAttr;
  const axesName = node.input?.[1];
  if (!axesName) return undefined;
  const v = map.get(axesName)?.value;
  if (!v || v.some((x) => typeof x !== 'number')) throw new Error(`${node.opType} node ${node.name ?? ''}: axes input ${axesName} is not a constant`);
  return v as number[];
}

/** Slice parameters, from attributes (opset < 10) or inputs. */
export function sliceParams(node: NodeProto, map: ShapeMap, rank: number): { starts: number[]; ends: number[]; axes: number[]; steps: number[] } | undefined {
  let starts = attrInts(node, 'starts');
  let ends = attrInts(node, 'ends');
  let axes = attrInts(node, 'axes');
  let steps: number[] | undefined;
  if (!starts) {
    const inputs = node.input ?? [];
    starts = constValue(map.get(inputs[1] ?? ''));
    ends = constValue(map.get(inputs[2] ?? ''));
    axes = inputs[3] ? constValue(map.get(inputs[3])) : undefined;
    steps = inputs[4] ? constValue(map.get(inputs[4])) : undefined;
    if (!starts || !ends || (inputs[3] && !axes) || (inputs[4] && !steps)) return undefined;
  }
  if (!ends) return undefined;
  axes = (axes ?? starts.map((_, i) => i)).map((a) => normAxis(a, rank));
  return { starts, ends, axes, steps: steps ?? starts.map(() => 1) };
}

function clampSlice(start: number, end: number, step: number, dim: number): [number, number] {
  const norm = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + dim : v, lo), hi);
  if (step > 0) return [norm(start, 0, dim), norm(end, 0, dim)];
  return [norm(start, -1, dim - 1), norm(end, -1, dim - 1)];
}

/** Concrete [start, end) per sliced axis, or undefined where the sliced dim is not static. */
export function resolveSlice(
  starts: number[],
  ends: number[],
  steps: number[],
  dim: Dim,
  i: number,
): { start: number; end: number; count: number } | undefined {
  if (typeof dim !== 'number') return undefined;
  const step = steps[i]!;
  const [s, e] = clampSlice(starts[i]!, ends[i]!, step, dim);
  const count = step > 0 ? Math.max(0, Math.ceil((e - s) / step)) : Math.max(0, Math.ceil((s - e) / -step));
  return { start: s, end: e, count };
}

export function splitSizes(node: NodeProto, map: ShapeMap, dim: Dim): number[] | undefined {
  const fromAttr = attrInts(node, 'split');
  if (fromAttr) return fromAttr;
  const splitName = node.input?.[1];
  if (splitName) return constValue(map.get(splitName));
  const n = (node.output ?? []).length;
  if (typeof dim !== 'number') return undefined;
  const numOutputs = attrInt(node, 'num_outputs', n);
  const size = Math.ceil(dim / numOutputs);
  return Array.from({ length: numOutputs }, (_, i) => Math.min(size, dim - size * i));
}

export function convGeometry(
  node: NodeProto,
  xShape: Dim[],
  wShape: Dim[],
): { strides: number[]; dilations: number[]; pads: number[]; kernel: number[]; group: number } {
  const spatial = xShape.length - 2;
  const kernel = (attrInts(node, 'kernel_shape') ?? wShape.slice(2)) as number[];
  const strides = attrInts(node, 'strides') ?? Array(spatial).fill(1);
  const dilations = attrInts(node, 'dilations') ?? Array(spatial).fill(1);
  let pads = attrInts(node, 'pads') ?? Array(spatial * 2).fill(0);
  const autoPad = hasAttr(node, 'auto_pad') ? new TextDecoder().decode((node.attribute ?? []).find((a) => a.name === 'auto_pad')!.s!) : 'NOTSET';
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    pads = Array(spatial * 2).fill(0);
    for (let i = 0; i < spatial; i++) {
      const inSize = xShape[2 + i];
      if (typeof inSize !== 'number') throw new Error(`Conv ${node.name ?? ''}: auto_pad needs static spatial sizes`);
      const out = Math.ceil(inSize / strides[i]!);
      const total = Math.max(0, (out - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - inSize);
      const small = Math.floor(total / 2);
      pads[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      pads[i + spatial] = total - pads[i]!;
    }
  } else if (autoPad === 'VALID') {
    pads = Array(spatial * 2).fill(0);
  }
  return { strides, dilations, pads, kernel, group: attrInt(node, 'group', 1) };
}
