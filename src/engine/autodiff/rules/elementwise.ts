// Binary arithmetic (with numpy broadcasting) and unary maths.
import type { VjpContext, VjpRule } from '../vjp-rule.ts';
import { gradOut, input, output } from '../vjp-rule.ts';

const add: VjpRule = (ctx) => {
  const g = gradOut(ctx);
  return [0, 1].map((i) => (ctx.needsGrad[i] ? ctx.emit.unbroadcast(g, input(ctx, i), ctx.label) : undefined));
};

const sub: VjpRule = (ctx) => {
  const g = gradOut(ctx);
  const { emit } = ctx;
  return [
    ctx.needsGrad[0] ? emit.unbroadcast(g, input(ctx, 0), ctx.label) : undefined,
    ctx.needsGrad[1] ? emit.unbroadcast(emit.neg(g), input(ctx, 1), ctx.label) : undefined,
  ];
};

const mul: VjpRule = (ctx) => {
  const g = gradOut(ctx);
  const { emit } = ctx;
  const [a, b] = [input(ctx, 0), input(ctx, 1)];
  return [
    ctx.needsGrad[0] ? emit.unbroadcast(emit.mul(g, b), a, ctx.label) : undefined,
    ctx.needsGrad[1] ? emit.unbroadcast(emit.mul(g, a), b, ctx.label) : undefined,
  ];
};

// d(a/b) = g/b, -g*y/b: reuses the forward output y = a/b.
const div: VjpRule = (ctx) => {
  const g = gradOut(ctx);
  const { emit } = ctx;
  const [a, b, y] = [input(ctx, 0), input(ctx, 1), output(ctx)];
  const gOverB = emit.div(g, b);
  return [
    ctx.needsGrad[0] ? emit.unbroadcast(gOverB, a, ctx.label) : undefined,
    ctx.needsGrad[1] ? emit.unbroadcast(emit.neg(emit.mul(gOverB, y)), b, ctx.label) : undefined,
  ];
};

// d(a^b)/da = b a^(b-1); with a constant exponent the derivative's power is folded.
const pow: VjpRule = (ctx) => {
  const g = gradOut(ctx);
  const { emit } = ctx;
  const [a, b, y] = [input(ctx, 0), input(ctx, 1), output(ctx)];
  let ga: string | undefined;
  if (ctx.needsGrad[0]) {
    const exponent = emit.shapes.get(b)?.value;
    let local: string;
    if (exponent && exponent.length === 1 && typeof exponent[0] === 'number') {
      const p = exponent[0];
      if (p === 1) local = emit.scalar(1, a);
      else if (p === 2) local = emit.mul(a, emit.scalar(2, a));
      else local = emit.mul(emit.op('Pow', [a, emit.scalar(p - 1, a)]), emit.scalar(p, a));
    } else {
      local = emit.mul(emit.op('Pow', [a, emit.sub(b, emit.scalar(1, b))]), b);
    }
    ga = emit.unbroadcast(emit.mul(g, local), a, ctx.label);
  }
  const gb = ctx.needsGrad[1] ? emit.unbroadcast(emit.mul(g, emit.mul(y, emit.op('Log', [a]))), b, ctx.label) : undefined;
  return [ga, gb];
};

const unary =
  (local: (ctx: VjpContext, g: string) => string): VjpRule =>
  (ctx) => [local(ctx, gradOut(ctx))];

const sqrt = unary((ctx, g) => ctx.emit.div(g, ctx.emit.mul(output(ctx), ctx.emit.scalar(2, g))));
const neg = unary((ctx, g) => ctx.emit.neg(g));
const exp = unary((ctx, g) => ctx.emit.mul(g, output(ctx)));
const log = unary((ctx, g) => ctx.emit.div(g, input(ctx, 0)));
const reciprocal = unary((ctx, g) => {
  const y = output(ctx);
  return ctx.emit.neg(ctx.emit.mul(g, ctx.emit.mul(y, y)));
});
const tanh = unary((ctx, g) => {
  const { emit } = ctx;
  const y = output(ctx);
  return emit.mul(g, emit.sub(emit.scalar(1, g), emit.mul(y, y)));
});
const sigmoid = unary((ctx, g) => {
  const { emit } = ctx;
  const y = output(ctx);
  return emit.mul(g, emit.mul(y, emit.sub(emit.scalar(1, g), y)));
});
const relu = unary((ctx, g) => {
  const { emit } = ctx;
  const positive = emit.op('Greater', [input(ctx, 0), emit.scalar(0, g)]);
  return emit.op('Where', [positive, g, emit.scalar(0, g)]);
});

export const elementwiseRules: Record<string, VjpRule> = {
  Add: add,
  Sub: sub,
  Mul: mul,
  Div: div,
  Pow: pow,
  Sqrt: sqrt,
  Neg: neg,
  Exp: exp,
  Log: log,
  Reciprocal: reciprocal,
  Tanh: tanh,
  Sigmoid: sigmoid,
  Relu: relu,
};
