import type { GraphEmitter } from './graph-emitter.ts';
import type { NodeProto } from './onnx-codec.ts';

export interface VjpContext {
  node: NodeProto;
  emit: GraphEmitter;
  /** Gradient of each node output, undefined where nothing downstream needs it. */
  gradOutputs: (string | undefined)[];
  /** Which node inputs need a gradient (depend on a differentiated input). */
  needsGrad: boolean[];
  /** Human-readable node label for error messages. */
  label: string;
}

/**
 * A vector-Jacobian product: given the gradients of a node's outputs, the gradients of
 * its inputs (undefined for inputs that need none). Rules may only emit standard ONNX ops
 * that onnxruntime-web's WebGPU provider implements.
 */
export type VjpRule = (ctx: VjpContext) => (string | undefined)[];

export function input(ctx: VjpContext, i: number): string {
  const name = ctx.node.input?.[i];
  if (!name) throw new Error(`${ctx.label}: input ${i} is missing`);
  return name;
}

export function output(ctx: VjpContext, i = 0): string {
  const name = ctx.node.output?.[i];
  if (!name) throw new Error(`${ctx.label}: output ${i} is missing`);
  return name;
}

/** The gradient of the (single) output; the builder only calls rules when it exists. */
export function gradOut(ctx: VjpContext): string {
  const g = ctx.gradOutputs[0];
  if (!g) throw new Error(`${ctx.label}: called without an output gradient`);
  return g;
}

export function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}
