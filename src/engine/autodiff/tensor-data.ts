import { onnx, toInt, type TensorProto } from './onnx-codec.ts';

export const DataType = onnx.TensorProto.DataType;

export function isFloatType(elemType: number): boolean {
  return elemType === DataType.FLOAT || elemType === DataType.FLOAT16 || elemType === DataType.DOUBLE || elemType === DataType.BFLOAT16;
}

export function tensorDims(tensor: TensorProto): number[] {
  return (tensor.dims ?? []).map(toInt);
}

function elementCount(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function floatToHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent >= 31) return sign | 0x7c00 | (((bits >>> 23) & 0xff) === 0xff && mantissa ? 0x200 : 0);
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    const m = (mantissa | 0x800000) >> (1 - exponent);
    return sign | ((m + 0x1000) >> 13);
  }
  return sign | ((exponent << 10) + ((mantissa + 0x1000) >> 13));
}

/**
 * Values of a constant tensor as plain numbers. Only for small tensors (shapes, axes,
 * scalars): weights stay as raw bytes.
 */
export function readTensorValues(tensor: TensorProto): number[] {
  const dims = tensorDims(tensor);
  const count = elementCount(dims);
  const type = tensor.dataType ?? 0;
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      switch (type) {
        case DataType.FLOAT:
          out.push(view.getFloat32(i * 4, true));
          break;
        case DataType.DOUBLE:
          out.push(view.getFloat64(i * 8, true));
          break;
        case DataType.FLOAT16:
          out.push(halfToFloat(view.getUint16(i * 2, true)));
          break;
        case DataType.INT64:
          out.push(Number(view.getBigInt64(i * 8, true)));
          break;
        case DataType.UINT64:
          out.push(Number(view.getBigUint64(i * 8, true)));
          break;
        case DataType.INT32:
          out.push(view.getInt32(i * 4, true));
          break;
        case DataType.UINT32:
          out.push(view.getUint32(i * 4, true));
          break;
        case DataType.INT16:
          out.push(view.getInt16(i * 2, true));
          break;
        case DataType.UINT16:
          out.push(view.getUint16(i * 2, true));
          break;
        case DataType.INT8:
          out.push(view.getInt8(i));
          break;
        case DataType.UINT8:
        case DataType.BOOL:
          out.push(view.getUint8(i));
          break;
        default:
          throw new Error(`constant tensor ${tensor.name ?? ''} has unsupported data type ${type}`);
      }
    }
    return out;
  }
  switch (type) {
    case DataType.FLOAT:
      return [...(tensor.floatData ?? [])];
    case DataType.DOUBLE:
      return [...(tensor.doubleData ?? [])];
    case DataType.INT64:
      return (tensor.int64Data ?? []).map(toInt);
    case DataType.UINT64:
      return (tensor.uint64Data ?? []).map(toInt);
    case DataType.FLOAT16:
      return (tensor.int32Data ?? []).map(halfToFloat);
    default:
      return [...(tensor.int32Data ?? [])];
  }
}

/** A float tensor of the given ONNX float type (FLOAT, FLOAT16 or DOUBLE), stored as raw bytes. */
export function makeFloatTensor(name: string, elemType: number, dims: number[], values: ArrayLike<number>): TensorProto {
  let raw: Uint8Array;
  if (elemType === DataType.FLOAT16) {
    const h = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) h[i] = floatToHalf(values[i]!);
    raw = new Uint8Array(h.buffer);
  } else if (elemType === DataType.DOUBLE) {
    raw = new Uint8Array(Float64Array.from(values).buffer);
  } else if (elemType === DataType.FLOAT) {
    raw = new Uint8Array(Float32Array.from(values).buffer);
  } else {
    throw new Error(`cannot make a float constant of ONNX type ${elemType}`);
  }
  return { name, dataType: elemType, dims, rawData: raw };
}

export function makeInt64Tensor(name: string, dims: number[], values: number[]): TensorProto {
  const data = new BigInt64Array(values.length);
  values.forEach((v, i) => {
    data[i] = BigInt(v);
  });
  return { name, dataType: DataType.INT64, dims, rawData: new Uint8Array(data.buffer) };
}

/** A constant of any numeric ONNX type (for folded shape arithmetic). */
export function makeTensor(name: string, elemType: number, dims: number[], values: number[]): TensorProto | undefined {
  if (isFloatType(elemType) && elemType !== DataType.BFLOAT16) return makeFloatTensor(name, elemType, dims, values);
  if (elemType === DataType.INT64) return makeInt64Tensor(name, dims, values);
  if (elemType === DataType.INT32) return { name, dataType: elemType, dims, rawData: new Uint8Array(Int32Array.from(values).buffer) };
  if (elemType === DataType.BOOL || elemType === DataType.UINT8)
    return { name, dataType: elemType, dims, rawData: Uint8Array.from(values.map((v) => (elemType === DataType.BOOL ? (v ? 1 : 0) : v))) };
  return undefined;
}
