// Twin of nonfinite-flag.wgsl: 1 when any value is NaN or +-Inf, else 0. Works on the float32
// bit pattern like the kernel does (exponent all ones).

export function nonFiniteFlag(values: Float32Array, count = values.length): 0 | 1 {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < count; i++) if ((bits[i]! & 0x7f800000) === 0x7f800000) return 1;
  return 0;
}
