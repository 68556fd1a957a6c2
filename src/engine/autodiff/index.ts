// Public API of the ONNX reverse-mode autodiff.
export {
  buildClipGradientModel,
  buildClipGradientProto,
  appendDirectionalLoss,
  CLIP_GRADIENT_IO,
  type ClipGradientOptions,
} from './build-clip-gradient-model.ts';
export { buildGradientGraph, type GradientGraphOptions, type GradientSeed, type GradientGraph } from './build-gradient-graph.ts';
export { parseModel, serializeModel, defaultOpset, type ModelProto } from './onnx-codec.ts';
export { VJP_TABLE, NON_DIFFERENTIABLE } from './vjp-table.ts';
export { opsWithoutGradientRule } from './differentiable-ops.ts';
