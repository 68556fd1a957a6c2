// Ops that move data without arithmetic: their gradients move it back.
import { attrInt, attrInts } from '../onnx-attributes.ts';
import { resolveSlice, sliceParams, splitSizes } from '../shape-inference.ts';
import type { VjpContext, VjpRule } from '../vjp-rule.ts';
import { gradOut, input, normAxis } from '../vjp-rule.ts';

const reshapeBack: VjpRule = (ctx) => [ctx.emit.reshapeLike(gradOut(ctx), input(ctx, 0), ctx.label)];

const transpose: VjpRule = (ctx) => {
  const { emit, label } = ctx;
  const rank = emit.shapeOf(input(ctx, 0), label).length;
  const perm = attrInts(ctx.node, 'perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  const inverse = new Array<number>(rank);
  perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return [emit.transpose(gradOut(ctx), inverse)];
};

const expand: VjpRule = (ctx) => [ctx.emit.unbroadcast(gradOut(ctx), input(ctx, 0), ctx.label)];

const concat: VjpRule = (ctx) => {
  const { emit, label } = ctx;
  const inputs = ctx.node.input ?? [];
  const rank = emit.shapeOf(inputs[0]!, label).length;
  const axis = normAxis(attrInt(ctx.node, 'axis', 0), rank);
  const sizes = inputs.map((name) => {
    const d = emit.shapeOf(name, label)[axis];
    if (typeof d !== 'number') throw new Error(`gradient of ${label}: input "${name}" has no static size on the concatenation axis`);
    return d;
  });
  if (inputs.length === 1) return [gradOut(ctx)];
  const parts = emit.split(gradOut(ctx), sizes, axis);
  return parts.map((p, i) => (ctx.needsGrad[i] ? p : undefined));
};

function zerosLike(ctx: VjpContext, target: string): string {
  const { emit, label } = ctx;
  const shape = emit.shapeOf(target, label);
  const dims = shape.every((d) => typeof d === 'number') ? emit.constInt64(shape as number[]) : emit.op('Shape', [target]);
  return emit.op('Expand', [emit.scalar(0, target), dims]);
}

const split: VjpRule = (ctx) => {
  const { emit, label } = ctx;
  const x = input(ctx, 0);
  const xs = emit.shapeOf(x, label);
  const axis = normAxis(attrInt(ctx.node, 'axis', 0), xs.length);
  const outputs = ctx.node.output ?? [];
  if (!splitSizes(ctx.node, emit.shapes, xs[axis]!)) throw new Error(`gradient of ${label}: split sizes are not static`);
  const parts = outputs.map((name, i) => ctx.gradOutputs[i] ?? zerosLike(ctx, name));
  return [parts.length === 1 ? parts[0] : emit.op('Concat', parts, { axis })];
};

const slice: VjpRule = (ctx) => {
  const { emit, label } = ctx;
  const x = input(ctx, 0);
  const xs = emit.shapeOf(x, label);
  const params = sliceParams(ctx.node, emit.shapes, xs.length);
  if (!params) throw new Error(`gradient of ${label}: slice starts/ends/axes/steps must be constants`);
  const pads = new Array<number>(xs.length * 2).fill(0);
  params.axes.forEach((axis, i) => {
    if (params.steps[i] !== 1) throw new Error(`gradient of ${label}: only step 1 is supported`);
    const r = resolveSlice(params.starts, params.ends, params.steps, xs[axis]!, i);
    if (r) {
      pads[axis] = r.start;
      pads[axis + xs.length] = (xs[axis] as number) - r.end;
    } else if (params.starts[i]! >= 0 && params.ends[i]! >= 2 ** 31 - 1) {
      pads[axis] = params.starts[i]!; // x[start:] on a symbolic axis
    } else {
      throw new Error(`gradient of ${label}: sliced axis ${axis} has no static size`);
    }
  });
  return [pads.some((p) => p !== 0) ? emit.pad(gradOut(ctx), pads) : gradOut(ctx)];
};

// Gather with constant indices: a scalar index pads the gradient back into place; an
// index tensor scatters with a constant one-hot matrix (duplicates add up, as they must).
const gather: VjpRule = (ctx) => {
  const { emit, label } = ctx;
  const g = gradOut(ctx);
  const x = input(ctx, 0);
  const xs = emit.shapeOf(x, label);
  const axis = normAxis(attrInt(ctx.node, 'axis', 0), xs.length);
  const dim = xs[axis];
  const indexInfo = emit.shapes.get(input(ctx, 1));
  const raw = indexInfo?.value;
  if (!raw || !indexInfo.shape || raw.some((v) => typeof v !== 'number')) throw new Error(`gradient of ${label}: Gather indices must be constant`);
  if (typeof dim !== 'number') throw new Error(`gradient of ${label}: the gathered axis has no static size`);
  const indices = (raw as number[]).map((i) => (i < 0 ? i + dim : i));
  if (indexInfo.shape.length === 0) {
    const k = indices[0]!;
    const pads = new Array<number>(xs.length * 2).fill(0);
    pads[axis] = k;
    pads[axis + xs.length] = dim - k - 1;
    return [emit.pad(emit.unsqueeze(g, [axis]), pads)];
  }
  const gs = emit.shapeOf(g, label);
  const q = indexInfo.shape.length;
  const post = gs.slice(axis + q);
  const postSize = post.every((d) => typeof d === 'number') ? (post as number[]).reduce((a, b) => a * b, 1) : undefined;
  const pre = gs.slice(0, axis);
  if (postSize === undefined || pre.filter((d) => typeof d !== 'number').length > 1)
    throw new Error(`gradient of ${label}: shapes around the gathered axis must be static`);
  const n = indices.length;
  const grouped = emit.op('Reshape', [g, emit.constInt64([...pre.map((d) => (typeof d === 'number' ? d : -1)), n, postSize])]);
  const oneHot = new Array<number>(dim * n).fill(0);
  indices.forEach((idx, j) => {
    oneHot[idx * n + j] = 1;
  });
  const scattered = emit.op('MatMul', [emit.constFloat(oneHot, [dim, n], g), grouped]);
  emit.shapes.get(scattered)!.shape = [...pre, dim, postSize];
  return [emit.reshapeLike(scattered, x, label), undefined];
};

export const shapeOpRules: Record<string, VjpRule> = {
  Reshape: reshapeBack,
  Flatten: reshapeBack,
  Squeeze: reshapeBack,
  Unsqueeze: reshapeBack,
  Transpose: transpose,
  Expand: expand,
  Concat: concat,
  Split: split,
  Slice: slice,
  Gather: gather,
};
