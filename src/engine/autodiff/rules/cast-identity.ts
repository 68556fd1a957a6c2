import type { VjpRule } from '../vjp-rule.ts';
import { gradOut, input } from '../vjp-rule.ts';
import { isFloatType } from '../tensor-data.ts';

const cast: VjpRule = (ctx) => {
  const x = input(ctx, 0);
  const type = ctx.emit.elemType(x);
  if (!isFloatType(type)) return [undefined];
  return [ctx.emit.op('Cast', [gradOut(ctx)], { to: type })];
};

const identity: VjpRule = (ctx) => [gradOut(ctx)];

export const castIdentityRules: Record<string, VjpRule> = { Cast: cast, Identity: identity, Dropout: identity };
