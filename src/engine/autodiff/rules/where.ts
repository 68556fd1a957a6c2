import type { VjpRule } from '../vjp-rule.ts';
import { gradOut, input } from '../vjp-rule.ts';

// Where(cond, a, b): the gradient flows to a where cond holds and to b elsewhere.
const where: VjpRule = (ctx) => {
  const { emit, label } = ctx;
  const g = gradOut(ctx);
  const cond = input(ctx, 0);
  const zero = emit.scalar(0, g);
  return [
    undefined,
    ctx.needsGrad[1] ? emit.unbroadcast(emit.op('Where', [cond, g, zero]), input(ctx, 1), label) : undefined,
    ctx.needsGrad[2] ? emit.unbroadcast(emit.op('Where', [cond, zero, g]), input(ctx, 2), label) : undefined,
  ];
};

export const whereRules: Record<string, VjpRule> = { Where: where };
