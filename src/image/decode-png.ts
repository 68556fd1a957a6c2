import { decode } from 'fast-png';
import { ImageDecodeError } from './decode-image-error.ts';
import type { RowSource } from './resize-area.ts';

// PNG through fast-png (pure JS), exposed as rows composited over white. Every PNG flavour
// funnels through one sample reader: grey, grey+alpha, RGB, RGBA, palette; 1 to 16 bits;
// tRNS transparency (palette alphas or one transparent colour key).

export function decodePngRows(bytes: Uint8Array): RowSource {
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ImageDecodeError(`PNG file is corrupt (${why})`);
  }
  const { width, height, depth, channels, data } = png;
  const palette = png.palette;
  const trns = png.transparency;
  const packed = depth < 8;
  const rowSamples = width * channels;
  const rowBytes = packed ? Math.ceil((rowSamples * depth) / 8) : rowSamples;
  const expected = rowBytes * height;
  if (data.length < expected) throw new ImageDecodeError(`PNG file is truncated (image data holds ${data.length} of ${expected} samples)`);
  const maxValue = (1 << depth) - 1;
  const mask = maxValue;

  const sample = (rowStart: number, i: number): number => {
    if (!packed) return data[rowStart + i]!;
    const bit = i * depth;
    const byte = data[rowStart + (bit >> 3)]!;
    return (byte >> (8 - depth - (bit & 7))) & mask;
  };

  if (channels === 1 && palette) {
    // Palette entries are [r, g, b] or [r, g, b, a] (fast-png folds tRNS into them).
    const lut = new Float32Array(256 * 3).fill(255);
    for (let i = 0; i < palette.length && i < 256; i++) {
      const e = palette[i]!;
      const a = (e[3] ?? (trns && i < trns.length ? trns[i]! : 255)) / 255;
      for (let c = 0; c < 3; c++) lut[i * 3 + c] = e[c]! * a + 255 * (1 - a);
    }
    return {
      width,
      height,
      readRow(y, out) {
        const start = y * rowBytes;
        for (let x = 0; x < width; x++) {
          const idx = sample(start, x);
          if (idx >= palette.length) throw new ImageDecodeError(`PNG file is corrupt: palette index ${idx} beyond its ${palette.length} colours`);
          out[x * 3] = lut[idx * 3]!;
          out[x * 3 + 1] = lut[idx * 3 + 1]!;
          out[x * 3 + 2] = lut[idx * 3 + 2]!;
        }
      },
    };
  }
  const scale = 255 / maxValue;
  const hasAlpha = channels === 2 || channels === 4;
  const colourChannels = hasAlpha ? channels - 1 : channels;
  // tRNS on grey/RGB: one colour (in raw sample values) that is fully transparent.
  const key = !hasAlpha && trns && trns.length >= colourChannels ? Array.from(trns.subarray(0, colourChannels)) : undefined;
  return {
    width,
    height,
    readRow(y, out) {
      const start = y * rowBytes;
      for (let x = 0; x < width; x++) {
        const s = x * channels;
        let a = 1;
        if (hasAlpha) a = sample(start, s + channels - 1) / maxValue;
        else if (key) {
          let same = true;
          for (let c = 0; c < colourChannels; c++) if (sample(start, s + c) !== key[c]) same = false;
          if (same) a = 0;
        }
        const bg = 255 * (1 - a);
        if (colourChannels === 1) {
          const v = sample(start, s) * scale * a + bg;
          out[x * 3] = out[x * 3 + 1] = out[x * 3 + 2] = v;
        } else {
          for (let c = 0; c < 3; c++) out[x * 3 + c] = sample(start, s + c) * scale * a + bg;
        }
      }
    },
  };
}
