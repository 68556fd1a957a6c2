import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { decodeImageToWorkingSize } from '../../src/image/decode-image.ts';
import { ImageDecodeError } from '../../src/image/decode-image-error.ts';

// Every PNG/JPEG flavour the issue names, made here with fast-png's and jpeg-js's encoders
// (PIL-made fixtures for what jpeg-js cannot write), decoded at full size so that each pixel
// can be checked against the colour it was written with, composited over white.

const FIXTURES = new URL('../fixtures/images/', import.meta.url);
const W = 6;
const H = 4;

function px(img: { width: number; data: Uint8ClampedArray }, x: number, y: number): number[] {
  const i = (y * img.width + x) * 4;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!, img.data[i + 3]!];
}

const decodeFull = (bytes: Uint8Array) => decodeImageToWorkingSize(bytes, { maxSide: 4096 }).image;

function refuses(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(
    () => decodeImageToWorkingSize(bytes, { maxSide: 512 }),
    (err: unknown) => err instanceof ImageDecodeError && pattern.test(err.message),
  );
}

/** Straight alpha over white, rounded as an 8-bit store rounds. */
const overWhite = (c: number, a: number) => Math.round(c * (a / 255) + 255 * (1 - a / 255));

test('RGB, RGBA (over white), grey, grey+alpha PNGs decode pixel-exactly', () => {
  for (const channels of [1, 2, 3, 4]) {
    const data = new Uint8Array(W * H * channels);
    for (let i = 0; i < data.length; i++) data[i] = (i * 37 + 11) % 256;
    const img = decodeFull(encodePng({ width: W, height: H, data, channels, depth: 8 }));
    assert.equal(img.width, W);
    for (let p = 0; p < W * H; p++) {
      const s = Array.from(data.subarray(p * channels, (p + 1) * channels));
      const a = channels === 2 || channels === 4 ? s[channels - 1]! : 255;
      const rgb = channels <= 2 ? [s[0]!, s[0]!, s[0]!] : s.slice(0, 3);
      const got = px(img, p % W, Math.floor(p / W));
      for (let c = 0; c < 3; c++) assert.ok(Math.abs(got[c]! - overWhite(rgb[c]!, a)) <= 1, `channels ${channels} pixel ${p}: ${got} vs ${rgb}@${a}`);
      assert.equal(got[3], 255);
    }
  }
});

test('16-bit PNG keeps the high byte', () => {
  const data = new Uint16Array(W * H * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 4099) % 65536;
  const img = decodeFull(encodePng({ width: W, height: H, data, channels: 3, depth: 16 }));
  for (let p = 0; p < W * H; p++) {
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(px(img, p % W, Math.floor(p / W))[c]! - data[p * 3 + c]! / 257) <= 0.5 + 1e-9);
  }
});

test('palette PNGs (with transparency) and 1-bit grey decode', () => {
  // Translucent entries first: fast-png's encoder writes tRNS as the run of non-opaque alphas,
  // which PNG applies to the first entries.
  const palette = [
    [10, 200, 30, 0],
    [0, 0, 0, 128],
    [255, 0, 0, 255],
    [0, 128, 255, 255],
  ];
  const idx = [0, 1, 2, 3, 1, 0];
  const data = new Uint8Array(W * H);
  for (let p = 0; p < W * H; p++) data[p] = idx[p % idx.length]!;
  const img = decodeFull(encodePng({ width: W, height: H, data, channels: 1, depth: 8, palette }));
  for (let p = 0; p < W * H; p++) {
    const e = palette[idx[p % idx.length]!]!;
    const a = e[3] ?? 255;
    const got = px(img, p % W, Math.floor(p / W));
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(got[c]! - overWhite(e[c]!, a)) <= 1, `pixel ${p}: ${got} vs ${e}`);
  }
  // 1-bit grey: 6 pixels packed into one byte per row, MSB first.
  const bits = new Uint8Array([0b10110000, 0b01001100, 0b11111100, 0b00000000]);
  const grey = decodeFull(encodePng({ width: W, height: H, data: bits, channels: 1, depth: 1 }));
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) assert.equal(px(grey, x, y)[0], (bits[y]! >> (7 - x)) & 1 ? 255 : 0);
});

test('baseline, progressive, CMYK and grey JPEGs decode to the colours they were written with', () => {
  const data = new Uint8Array(32 * 16 * 4);
  for (let p = 0; p < 32 * 16; p++) data.set(p % 32 < 16 ? [200, 40, 40, 255] : [40, 40, 200, 255], p * 4);
  const base = decodeFull(jpeg.encode({ width: 32, height: 16, data }, 95).data);
  assert.ok(
    px(base, 4, 8)
      .slice(0, 3)
      .every((v, c) => Math.abs(v - [200, 40, 40][c]!) <= 8),
    `${px(base, 4, 8)}`,
  );
  assert.ok(
    px(base, 28, 8)
      .slice(0, 3)
      .every((v, c) => Math.abs(v - [40, 40, 200][c]!) <= 8),
    `${px(base, 28, 8)}`,
  );
  // make-jpeg-fixtures.py: red disc centred at (15.5, 15.5), blue bar at x 32..43, yellow ground.
  const expect = { disc: [220, 30, 30], bar: [30, 60, 200], ground: [250, 220, 40] };
  for (const name of ['progressive', 'cmyk']) {
    const img = decodeFull(readFileSync(new URL(`${name}.jpg`, FIXTURES)));
    assert.deepEqual([img.width, img.height], [48, 32]);
    for (const [where, [x, y]] of [
      ['disc', [15, 15]],
      ['bar', [37, 15]],
      ['ground', [2, 30]],
    ] as const) {
      const got = px(img, x, y);
      assert.ok(
        got.slice(0, 3).every((v, c) => Math.abs(v - expect[where][c]!) <= 16),
        `${name} ${where}: ${got}`,
      );
    }
  }
  const grey = decodeFull(readFileSync(new URL('grey.jpg', FIXTURES)));
  const g = px(grey, 15, 15);
  assert.ok(g[0] === g[1] && g[1] === g[2], 'grey stays grey');
  const luma = 0.299 * 220 + 0.587 * 30 + 0.114 * 30;
  assert.ok(Math.abs(g[0]! - luma) <= 12, `grey disc ${g[0]} vs luma ${luma}`);
});

function tinyPng(): Uint8Array {
  return encodePng({ width: 2, height: 2, data: new Uint8Array(16).fill(200), channels: 4, depth: 8 });
}

/** The same PNG with its IHDR size replaced (CRC left stale: the size is checked before any CRC). */
function withPngSize(bytes: Uint8Array, w: number, h: number): Uint8Array {
  const out = bytes.slice();
  const v = new DataView(out.buffer);
  v.setUint32(16, w);
  v.setUint32(20, h);
  return out;
}

test('bad PNGs are refused with a specific message', () => {
  const png = tinyPng();
  refuses(new Uint8Array(0), /empty/);
  refuses(png.subarray(0, 5), /truncated.*signature/);
  refuses(png.subarray(0, 20), /truncated.*header/);
  refuses(png.subarray(0, png.length - 20), /truncated/);
  refuses(withPngSize(png, 0, 2), /zero size/);
  refuses(withPngSize(png, 100_000, 100_000), /too large: 100000x100000/);
  const corrupt = png.slice();
  const idat = Buffer.from(corrupt).indexOf('IDAT');
  corrupt[idat + 6]! ^= 0xff; // inside the compressed data: the CRC no longer matches
  refuses(corrupt, /corrupt/);
  refuses(new TextEncoder().encode('GIF89a....'), /GIF images are not supported/);
  refuses(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), /SVG images are not supported/);
  refuses(new TextEncoder().encode('hello'), /not a PNG or JPEG/);
});

test('bad JPEGs are refused with a specific message', () => {
  const data = new Uint8Array(16 * 16 * 4).fill(128);
  const good = new Uint8Array(jpeg.encode({ width: 16, height: 16, data }, 90).data);
  refuses(good.subarray(0, Math.floor(good.length * 0.6)), /JPEG file is corrupt or truncated/);
  const sof = Buffer.from(good).indexOf(Buffer.from([0xff, 0xc0]));
  const arith = good.slice();
  arith[sof + 1] = 0xc9;
  refuses(arith, /arithmetic-coded JPEG is not supported/);
  const lossless = good.slice();
  lossless[sof + 1] = 0xc3;
  refuses(lossless, /lossless JPEG is not supported/);
  const zero = good.slice();
  zero[sof + 5] = 0;
  zero[sof + 6] = 0;
  refuses(zero, /DNL/);
  // CMYK without its Adobe APP14 marker: the channels cannot be interpreted.
  const cmyk = new Uint8Array(readFileSync(new URL('cmyk.jpg', FIXTURES)));
  const app14 = Buffer.from(cmyk).indexOf(Buffer.from([0xff, 0xee]));
  assert.ok(app14 > 0, 'fixture has an Adobe marker');
  const len = (cmyk[app14 + 2]! << 8) | cmyk[app14 + 3]!;
  const stripped = new Uint8Array([...cmyk.subarray(0, app14), ...cmyk.subarray(app14 + 2 + len)]);
  refuses(stripped, /CMYK JPEG without an Adobe colour marker/);
});

test('a 6000x4000 picture is shrunk to the working size while decoding, with bounded memory', () => {
  const w = 6000;
  const h = 4000;
  // Grey, left half dark and right half light, so the shrunk picture can be checked.
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.fill(40, y * w, y * w + w / 2), data.fill(220, y * w + w / 2, (y + 1) * w);
  const bytes = encodePng({ width: w, height: h, data, channels: 1, depth: 8 }, { zlib: { level: 1 } });
  const before = process.memoryUsage();
  const decoded = decodeImageToWorkingSize(bytes, { maxSide: 512 });
  const after = process.memoryUsage();
  assert.deepEqual([decoded.sourceWidth, decoded.sourceHeight, decoded.image.width, decoded.image.height], [6000, 4000, 512, 341]);
  assert.equal(px(decoded.image, 10, 100)[0], 40);
  assert.equal(px(decoded.image, 500, 100)[0], 220);
  // One full-size RGBA float copy alone would be 384 MB; the decode keeps 24 MB of grey
  // samples plus a row, so what is still held afterwards must be far below that.
  const held = after.arrayBuffers - before.arrayBuffers;
  assert.ok(held < 100e6, `array buffers grew by ${(held / 1e6).toFixed(0)} MB`);
});
