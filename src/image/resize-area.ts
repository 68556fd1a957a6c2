import { createRgbaImage, type RgbaImage } from './rgba-image.ts';

// Area-averaging downscale that pulls the source one row at a time, so a decoder can hand
// over rows without anyone holding a full-size float copy: memory is one source row plus the
// (small) output. Each source pixel spreads its area over the output pixels it overlaps.

/** A picture read row by row: RGB composited over white, 0..255 floats. */
export interface RowSource {
  width: number;
  height: number;
  /** Writes row y into out[0 .. 3*width). */
  readRow(y: number, out: Float32Array): void;
}

/** Size with the longest side at most maxSide, aspect kept; never enlarges. */
export function workingSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const scale = maxSide / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

interface Spread {
  first: Int32Array;
  weightFirst: Float32Array;
}

/** For each source index: the first output cell it overlaps and the share of it that lands there (the rest goes to the next cell). */
function spread(srcLen: number, dstLen: number): Spread {
  const step = srcLen / dstLen;
  const first = new Int32Array(srcLen);
  const weightFirst = new Float32Array(srcLen);
  for (let i = 0; i < srcLen; i++) {
    const o = Math.min(dstLen - 1, Math.floor(i / step));
    const boundary = (o + 1) * step;
    first[i] = o;
    weightFirst[i] = i + 1 <= boundary || o === dstLen - 1 ? 1 : boundary - i;
  }
  return { first, weightFirst };
}

/** Downscales (or copies, at equal size) a row source to an opaque RgbaImage of outWidth x outHeight. */
export function downscaleArea(src: RowSource, outWidth: number, outHeight: number): RgbaImage {
  if (outWidth > src.width || outHeight > src.height) throw new Error('downscaleArea only shrinks');
  const sx = spread(src.width, outWidth);
  const sy = spread(src.height, outHeight);
  const acc = new Float32Array(outWidth * outHeight * 3);
  const row = new Float32Array(src.width * 3);
  const rowAcc = new Float32Array(outWidth * 3);
  for (let y = 0; y < src.height; y++) {
    src.readRow(y, row);
    rowAcc.fill(0);
    for (let x = 0; x < src.width; x++) {
      const o = sx.first[x]! * 3;
      const w0 = sx.weightFirst[x]!;
      const w1 = 1 - w0;
      for (let c = 0; c < 3; c++) {
        const v = row[x * 3 + c]!;
        rowAcc[o + c]! += v * w0;
        if (w1 > 0) rowAcc[o + 3 + c]! += v * w1;
      }
    }
    const oy = sy.first[y]!;
    const wy0 = sy.weightFirst[y]!;
    const base0 = oy * outWidth * 3;
    for (let i = 0; i < outWidth * 3; i++) acc[base0 + i]! += rowAcc[i]! * wy0;
    if (wy0 < 1) {
      const base1 = base0 + outWidth * 3;
      for (let i = 0; i < outWidth * 3; i++) acc[base1 + i]! += rowAcc[i]! * (1 - wy0);
    }
  }
  const out = createRgbaImage(outWidth, outHeight);
  const norm = (outWidth * outHeight) / (src.width * src.height);
  for (let p = 0; p < outWidth * outHeight; p++) {
    out.data[p * 4] = acc[p * 3]! * norm;
    out.data[p * 4 + 1] = acc[p * 3 + 1]! * norm;
    out.data[p * 4 + 2] = acc[p * 3 + 2]! * norm;
    out.data[p * 4 + 3] = 255;
  }
  return out;
}
