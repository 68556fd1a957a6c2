// Erf and Gelu, differentiated with Exp/Mul/Erf/Tanh only (all on the WebGPU provider).
import { attrString } from '../onnx-attributes.ts';
import type { VjpRule } from '../vjp-rule.ts';
import { gradOut, input } from '../vjp-rule.ts';

// d erf(x)/dx = 2/sqrt(pi) exp(-x^2)
const erf: VjpRule = (ctx) => {
  const { emit } = ctx;
  const g = gradOut(ctx);
  const x = input(ctx, 0);
  const gauss = emit.op('Exp', [emit.neg(emit.mul(x, x))]);
  return [emit.mul(g, emit.mul(gauss, emit.scalar(2 / Math.sqrt(Math.PI), x)))];
};

const gelu: VjpRule = (ctx) => {
  const { emit } = ctx;
  const g = gradOut(ctx);
  const x = input(ctx, 0);
  const c = (v: number) => emit.scalar(v, x);
  const x2 = emit.mul(x, x);
  if (attrString(ctx.node, 'approximate', 'none') === 'tanh') {
    // y = 0.5 x (1 + t), t = tanh(k (x + 0.044715 x^3))
    const k = Math.sqrt(2 / Math.PI);
    const inner = emit.mul(emit.add(x, emit.mul(emit.mul(x2, x), c(0.044715))), c(k));
    const t = emit.op('Tanh', [inner]);
    const onePlusT = emit.add(c(1), t);
    const dInner = emit.mul(emit.add(c(1), emit.mul(x2, c(3 * 0.044715))), c(k));
    const right = emit.mul(emit.mul(emit.mul(x, c(0.5)), emit.sub(c(1), emit.mul(t, t))), dInner);
    return [emit.mul(g, emit.add(emit.mul(onePlusT, c(0.5)), right))];
  }
  // y = x Phi(x): dy/dx = Phi(x) + x phi(x)
  const cdf = emit.mul(emit.add(c(1), emit.op('Erf', [emit.mul(x, c(Math.SQRT1_2))])), c(0.5));
  const pdf = emit.mul(emit.op('Exp', [emit.mul(x2, c(-0.5))]), c(1 / Math.sqrt(2 * Math.PI)));
  return [emit.mul(g, emit.add(cdf, emit.mul(x, pdf)))];
};

export const geluErfRules: Record<string, VjpRule> = { Erf: erf, Gelu: gelu };
