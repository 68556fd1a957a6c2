import onnxProto, { type onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = onnxProto;

// A hand-made graph with the gradient model's interface, whose outputs have closed forms the
// tests compute independently:
//   loss[b]       = Σ_pixels x_b² + Σ_d delta_t[b,d]·ref_embeds[b,d]
//   pixel_grad[b] = 2 · loss_weights[b] · x_b          (= d Σ_b w_b Σ x_b² / d x)
// It lets the runtime's IO binding be tested without the autodiff module.

const F = onnx.TensorProto.DataType.FLOAT;
const I64 = onnx.TensorProto.DataType.INT64;

function valueInfo(name: string, dims: (number | string)[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: F,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export function buildToyGradientModel(embedDim: number): Uint8Array {
  const nodes: OnnxTypes.INodeProto[] = [
    { opType: 'Mul', input: ['pixel_values', 'pixel_values'], output: ['sq'], name: 'square' },
    {
      opType: 'ReduceSum',
      input: ['sq', 'axes_chw'],
      output: ['pixel_term'],
      name: 'sum_pixels',
      attribute: [{ name: 'keepdims', i: 0, type: onnx.AttributeProto.AttributeType.INT }],
    },
    { opType: 'Mul', input: ['delta_t', 'ref_embeds'], output: ['dr'], name: 'dot_mul' },
    {
      opType: 'ReduceSum',
      input: ['dr', 'axes_d'],
      output: ['dot'],
      name: 'dot_sum',
      attribute: [{ name: 'keepdims', i: 0, type: onnx.AttributeProto.AttributeType.INT }],
    },
    { opType: 'Add', input: ['pixel_term', 'dot'], output: ['loss'], name: 'loss_add' },
    { opType: 'Reshape', input: ['loss_weights', 'shape_b111'], output: ['w4'], name: 'weights_4d' },
    { opType: 'Mul', input: ['w4', 'two'], output: ['w4x2'], name: 'twice' },
    { opType: 'Mul', input: ['pixel_values', 'w4x2'], output: ['pixel_grad'], name: 'grad_mul' },
  ];
  const initializer: OnnxTypes.ITensorProto[] = [
    { name: 'axes_chw', dataType: I64, dims: [3], int64Data: [1, 2, 3] },
    { name: 'axes_d', dataType: I64, dims: [1], int64Data: [1] },
    { name: 'shape_b111', dataType: I64, dims: [4], int64Data: [-1, 1, 1, 1] },
    { name: 'two', dataType: F, dims: [], floatData: [2] },
  ];
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'clipvg-toy-gradient',
    graph: {
      name: 'toy_gradient',
      node: nodes,
      initializer,
      input: [
        valueInfo('pixel_values', ['batch', 3, 224, 224]),
        valueInfo('delta_t', ['batch', embedDim]),
        valueInfo('ref_embeds', ['batch', embedDim]),
        valueInfo('loss_weights', ['batch']),
      ],
      output: [valueInfo('loss', ['batch']), valueInfo('pixel_grad', ['batch', 3, 224, 224])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
