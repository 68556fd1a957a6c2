import { attrInt } from '../onnx-attributes.ts';
import type { VjpRule } from '../vjp-rule.ts';
import { gradOut, normAxis, output } from '../vjp-rule.ts';

// dx = y (g - sum(g y)) over the softmax axes. Before opset 13 Softmax normalises over
// all axes from `axis` on (the input is coerced to 2-D), from 13 over `axis` alone.
const softmax: VjpRule = (ctx) => {
  const { emit, label } = ctx;
  const g = gradOut(ctx);
  const y = output(ctx);
  const rank = emit.shapeOf(y, label).length;
  const axis = normAxis(attrInt(ctx.node, 'axis', emit.opset >= 13 ? -1 : 1), rank);
  const axes = emit.opset >= 13 ? [axis] : Array.from({ length: rank - axis }, (_, i) => axis + i);
  const dot = emit.reduceSum(emit.mul(g, y), axes, true);
  return [emit.mul(y, emit.sub(g, dot))];
};

export const softmaxRules: Record<string, VjpRule> = { Softmax: softmax };
