// Builds small ONNX models in code, for testing gradient rules one op at a time.
import { makeAttr, type AttrValue } from '../../src/engine/autodiff/onnx-attributes.ts';
import { serializeModel, type ModelProto } from '../../src/engine/autodiff/onnx-codec.ts';
import { DataType, makeFloatTensor, makeInt64Tensor } from '../../src/engine/autodiff/tensor-data.ts';

export interface TestInput {
  name: string;
  shape: (number | string)[];
  elemType?: number;
}
export interface TestNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, AttrValue>;
}
export interface TestInitializer {
  name: string;
  dims: number[];
  values: number[];
  int64?: boolean;
}
export interface TestModelSpec {
  opset: number;
  inputs: TestInput[];
  outputs: string[];
  nodes: TestNode[];
  initializers?: TestInitializer[];
}

export function buildTestModelProto(spec: TestModelSpec): ModelProto {
  return {
    irVersion: spec.opset >= 21 ? 10 : 8,
    producerName: 'clipvg-test',
    opsetImport: [{ domain: '', version: spec.opset }],
    graph: {
      name: 'test',
      input: spec.inputs.map((i) => ({
        name: i.name,
        type: {
          tensorType: {
            elemType: i.elemType ?? DataType.FLOAT,
            shape: { dim: i.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
          },
        },
      })),
      output: spec.outputs.map((name) => ({ name, type: { tensorType: { elemType: DataType.FLOAT } } })),
      node: spec.nodes.map((n, k) => ({
        opType: n.op,
        name: `n${k}_${n.op}`,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([key, v]) => makeAttr(key, v)),
      })),
      initializer: (spec.initializers ?? []).map((t) =>
        t.int64 ? makeInt64Tensor(t.name, t.dims, t.values) : makeFloatTensor(t.name, DataType.FLOAT, t.dims, t.values),
      ),
    },
  };
}

export function buildTestModel(spec: TestModelSpec): Uint8Array {
  return serializeModel(buildTestModelProto(spec));
}
