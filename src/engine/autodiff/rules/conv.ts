// Conv: the input gradient is the transposed convolution of the output gradient with the
// same weights; the weight gradient is a convolution of the input with the output
// gradient (stride and dilation swap roles), cropped to the kernel size.
import type { VjpRule } from '../vjp-rule.ts';
import { gradOut, input } from '../vjp-rule.ts';
import { convGeometry } from '../shape-inference.ts';

const conv: VjpRule = (ctx) => {
  const { emit, label } = ctx;
  const g = gradOut(ctx);
  const x = input(ctx, 0);
  const w = input(ctx, 1);
  const xs = emit.shapeOf(x, label);
  const ws = emit.shapeOf(w, label);
  const gs = emit.shapeOf(g, label);
  const geo = convGeometry(ctx.node, xs, ws);
  const spatial = xs.length - 2;
  const common = { strides: geo.strides, dilations: geo.dilations, pads: geo.pads, kernel_shape: geo.kernel };
  let gx: string | undefined;
  let gw: string | undefined;
  let gb: string | undefined;
  if (ctx.needsGrad[0]) {
    const outputPadding: number[] = [];
    for (let i = 0; i < spatial; i++) {
      const inSize = xs[2 + i];
      const outSize = gs[2 + i];
      if (typeof inSize !== 'number' || typeof outSize !== 'number') throw new Error(`gradient of ${label}: spatial sizes must be static`);
      const covered = geo.strides[i]! * (outSize - 1) + (geo.kernel[i]! - 1) * geo.dilations[i]! + 1 - geo.pads[i]! - geo.pads[i + spatial]!;
      outputPadding.push(inSize - covered);
    }
    const attrs = outputPadding.some((p) => p !== 0) ? { ...common, group: geo.group, output_padding: outputPadding } : { ...common, group: geo.group };
    gx = emit.op('ConvTranspose', [g, w], attrs);
  }
  if (ctx.needsGrad[1]) {
    if (geo.group !== 1) throw new Error(`gradient of ${label}: weight gradient of grouped convolution is not supported`);
    const perm = [1, 0, ...Array.from({ length: spatial }, (_, i) => i + 2)];
    const swapped = emit.op('Conv', [emit.transpose(x, perm), emit.transpose(g, perm)], {
      strides: geo.dilations,
      dilations: geo.strides,
      pads: geo.pads,
    });
    const axes = Array.from({ length: spatial }, (_, i) => i + 2);
    const cropped = emit.op('Slice', [swapped, emit.constInt64(axes.map(() => 0)), emit.constInt64(geo.kernel), emit.constInt64(axes)]);
    gw = emit.transpose(cropped, perm);
  }
  if (ctx.needsGrad[2]) {
    gb = emit.reduceSum(g, [0, ...Array.from({ length: spatial }, (_, i) => i + 2)], false);
  }
  return [gx, gw, gb];
};

export const convRules: Record<string, VjpRule> = { Conv: conv };
