import { attrFloat, attrInt } from '../onnx-attributes.ts';
import type { VjpRule } from '../vjp-rule.ts';
import { gradOut, input } from '../vjp-rule.ts';

// Y = A @ B (numpy matmul). 1-D operands are promoted the way numpy does, then the
// promoted axis is removed from the gradient again.
const matmul: VjpRule = (ctx) => {
  const { emit, label } = ctx;
  let g = gradOut(ctx);
  let a = input(ctx, 0);
  let b = input(ctx, 1);
  const aRank = emit.shapeOf(a, label).length;
  const bRank = emit.shapeOf(b, label).length;
  if (aRank === 1) {
    a = emit.unsqueeze(a, [0]);
    g = emit.unsqueeze(g, [-2]);
  }
  if (bRank === 1) {
    b = emit.unsqueeze(b, [1]);
    g = emit.unsqueeze(g, [-1]);
  }
  let ga: string | undefined;
  let gb: string | undefined;
  if (ctx.needsGrad[0]) {
    const bShape = emit.shapeOf(b, label);
    const n = bShape[1];
    if (bRank === 2 && aRank >= 2 && typeof n === 'number') {
      // x @ W (a linear layer): g @ W^T as one Gemm with transB on g flattened to 2-D, so
      // no transposed copy of the weights is made (ORT would constant-fold one).
      const flat = emit.op('Reshape', [g, emit.constInt64([-1, n])]);
      ga = emit.reshapeLike(emit.op('Gemm', [flat, b], { transB: 1 }), a, label);
    } else {
      ga = emit.unbroadcast(emit.op('MatMul', [g, emit.transposeLast2(b, label)]), a, label);
    }
    if (aRank === 1) ga = emit.squeeze(ga, [0]);
  }
  if (ctx.needsGrad[1]) {
    gb = emit.unbroadcast(emit.op('MatMul', [emit.transposeLast2(a, label), g]), b, label);
    if (bRank === 1) gb = emit.squeeze(gb, [1]);
  }
  return [ga, gb];
};

// Y = alpha op(A) op(B) + beta C. Each gradient is itself one Gemm.
const gemm: VjpRule = (ctx) => {
  const { emit, label } = ctx;
  const g = gradOut(ctx);
  const a = input(ctx, 0);
  const b = input(ctx, 1);
  const alpha = attrFloat(ctx.node, 'alpha', 1);
  const beta = attrFloat(ctx.node, 'beta', 1);
  const transA = attrInt(ctx.node, 'transA', 0);
  const transB = attrInt(ctx.node, 'transB', 0);
  const scaled = { alpha: { float: alpha } };
  let ga: string | undefined;
  let gb: string | undefined;
  let gc: string | undefined;
  if (ctx.needsGrad[0]) {
    ga = transA ? emit.op('Gemm', [b, g], { ...scaled, transA: transB, transB: 1 }) : emit.op('Gemm', [g, b], { ...scaled, transA: 0, transB: transB ? 0 : 1 });
  }
  if (ctx.needsGrad[1]) {
    gb = transB ? emit.op('Gemm', [g, a], { ...scaled, transA: 1, transB: transA }) : emit.op('Gemm', [a, g], { ...scaled, transA: transA ? 0 : 1, transB: 0 });
  }
  if (ctx.needsGrad[2]) {
    const c = input(ctx, 2);
    const gScaled = beta === 1 ? g : emit.mul(g, emit.scalar(beta, g));
    gc = emit.unbroadcast(gScaled, c, label);
  }
  return [ga, gb, gc];
};

export const matmulGemmRules: Record<string, VjpRule> = { MatMul: matmul, Gemm: gemm };
