// LayerNormalization (opset 17). The normalised input is recomputed from the forward
// input with cheap reductions rather than asking the forward node for its optional
// Mean/InvStdDev outputs, which not every execution provider fills in.
import { attrFloat, attrInt } from '../onnx-attributes.ts';
import type { VjpRule } from '../vjp-rule.ts';
import { input, normAxis } from '../vjp-rule.ts';

const layerNorm: VjpRule = (ctx) => {
  const { emit, label } = ctx;
  const g = ctx.gradOutputs[0];
  if (ctx.gradOutputs.slice(1).some((x) => x)) throw new Error(`gradient of ${label}: gradients through Mean/InvStdDev outputs are not supported`);
  if (!g) return [];
  const x = input(ctx, 0);
  const scale = input(ctx, 1);
  const bias = ctx.node.input?.[2];
  const xs = emit.shapeOf(x, label);
  const axis = normAxis(attrInt(ctx.node, 'axis', -1), xs.length);
  const axes = Array.from({ length: xs.length - axis }, (_, i) => axis + i);
  const eps = attrFloat(ctx.node, 'epsilon', 1e-5);
  const centred = emit.sub(x, emit.reduceMean(x, axes, true));
  const variance = emit.reduceMean(emit.mul(centred, centred), axes, true);
  const invStd = emit.op('Reciprocal', [emit.op('Sqrt', [emit.add(variance, emit.scalar(eps, x))])]);
  const xhat = emit.mul(centred, invStd);
  let gx: string | undefined;
  if (ctx.needsGrad[0]) {
    const gxhat = emit.mul(g, scale);
    const meanG = emit.reduceMean(gxhat, axes, true);
    const meanGX = emit.reduceMean(emit.mul(gxhat, xhat), axes, true);
    gx = emit.mul(invStd, emit.sub(emit.sub(gxhat, meanG), emit.mul(xhat, meanGX)));
  }
  const gscale = ctx.needsGrad[1] ? emit.unbroadcast(emit.mul(g, xhat), scale, label) : undefined;
  const gbias = bias && ctx.needsGrad[2] ? emit.unbroadcast(g, bias, label) : undefined;
  return [gx, gscale, gbias];
};

export const layerNormRules: Record<string, VjpRule> = { LayerNormalization: layerNorm };
