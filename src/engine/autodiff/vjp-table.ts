// One vector-Jacobian rule per ONNX op (like PyTorch's derivatives.yaml). Rules live in
// rules/<family>.ts; this table is the only place that maps op types to them.
import { castIdentityRules } from './rules/cast-identity.ts';
import { convRules } from './rules/conv.ts';
import { elementwiseRules } from './rules/elementwise.ts';
import { geluErfRules } from './rules/gelu-erf.ts';
import { layerNormRules } from './rules/layer-norm.ts';
import { matmulGemmRules } from './rules/matmul-gemm.ts';
import { reductionRules } from './rules/reductions.ts';
import { shapeOpRules } from './rules/shape-ops.ts';
import { softmaxRules } from './rules/softmax.ts';
import { whereRules } from './rules/where.ts';
import type { VjpRule } from './vjp-rule.ts';

export const VJP_TABLE: Readonly<Record<string, VjpRule>> = {
  ...elementwiseRules,
  ...matmulGemmRules,
  ...convRules,
  ...reductionRules,
  ...softmaxRules,
  ...layerNormRules,
  ...geluErfRules,
  ...shapeOpRules,
  ...castIdentityRules,
  ...whereRules,
};

/** Ops whose outputs carry no gradient (shape arithmetic, comparisons, constants). */
export const NON_DIFFERENTIABLE: ReadonlySet<string> = new Set([
  'Shape',
  'Size',
  'ConstantOfShape',
  'Range',
  'Constant',
  'Equal',
  'Less',
  'Greater',
  'LessOrEqual',
  'GreaterOrEqual',
  'Not',
  'And',
  'Or',
  'ArgMax',
  'ArgMin',
  'Floor',
  'Ceil',
  'Round',
  'NonZero',
]);
