import { attrInt } from '../onnx-attributes.ts';
import { reductionAxes } from '../shape-inference.ts';
import type { VjpContext, VjpRule } from '../vjp-rule.ts';
import { gradOut, input, normAxis } from '../vjp-rule.ts';

function reduceBackward(ctx: VjpContext, mean: boolean): (string | undefined)[] {
  const { emit, label } = ctx;
  let g = gradOut(ctx);
  const x = input(ctx, 0);
  const xs = emit.shapeOf(x, label);
  let axes = reductionAxes(ctx.node, emit.shapes);
  if (axes && axes.length === 0 && attrInt(ctx.node, 'noop_with_empty_axes', 0) === 1) return [g];
  axes = (axes?.length ? axes : xs.map((_, i) => i)).map((a) => normAxis(a, xs.length)).sort((a, b) => a - b);
  if (attrInt(ctx.node, 'keepdims', 1) === 0) g = emit.unsqueeze(g, axes);
  if (mean) {
    let count = 1;
    for (const a of axes) {
      const d = xs[a];
      if (typeof d !== 'number') throw new Error(`gradient of ${label}: reduced axis ${a} must have a static size`);
      count *= d;
    }
    g = emit.mul(g, emit.scalar(1 / count, g));
  }
  return [emit.expandLike(g, x, label)];
}

export const reductionRules: Record<string, VjpRule> = {
  ReduceSum: (ctx) => reduceBackward(ctx, false),
  ReduceMean: (ctx) => reduceBackward(ctx, true),
};
