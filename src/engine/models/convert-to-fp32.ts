// On-load conversion of the reduced CLIP files (float16, or int8 weight-only) into the float32
// graph every provider and the autodiff run: downloads stay small, compute stays float32
// (ORT's WASM has few float16 kernels, and WebGPU without shader-f16 has none).
import { opsWithoutGradientRule } from '../autodiff/differentiable-ops.ts';
import { defaultOpset, parseModel, serializeModel } from '../autodiff/onnx-codec.ts';
import { dequantizeInt8, hasQuantizedOps } from './dequantize-int8.ts';
import { opCounts } from './graph-edit.ts';
import { hasFloat16, upcastFloat16 } from './upcast-fp16.ts';

export type StoredPrecision = 'fp32' | 'fp16' | 'int8' | 'fp16+int8';

export interface Fp32Conversion {
  /** What the file held. */
  from: StoredPrecision;
  opsBefore: Record<string, number>;
  opsAfter: Record<string, number>;
  castsDropped: number;
  integerOpsRewritten: number;
  bytesBefore: number;
  bytesAfter: number;
  /** Op types the autodiff has no rule for (empty for a model it can differentiate). */
  opsWithoutGradient: string[];
}

/** Float32 ONNX bytes for a float32, float16 or int8 weight-only model; float32 input comes back as is. */
export function convertModelToFp32(bytes: Uint8Array): { bytes: Uint8Array; conversion: Fp32Conversion } {
  const model = parseModel(bytes);
  const graph = model.graph!;
  const opsBefore = opCounts(graph);
  const fp16 = hasFloat16(graph);
  const int8 = hasQuantizedOps(graph);
  let castsDropped = 0;
  let integerOpsRewritten = 0;
  if (int8) integerOpsRewritten = dequantizeInt8(graph);
  if (fp16) castsDropped = upcastFloat16(graph, defaultOpset(model));
  const out = fp16 || int8 ? serializeModel(model) : bytes;
  return {
    bytes: out,
    conversion: {
      from: fp16 && int8 ? 'fp16+int8' : fp16 ? 'fp16' : int8 ? 'int8' : 'fp32',
      opsBefore,
      opsAfter: opCounts(graph),
      castsDropped,
      integerOpsRewritten,
      bytesBefore: bytes.length,
      bytesAfter: out.length,
      opsWithoutGradient: opsWithoutGradientRule(graph),
    },
  };
}
