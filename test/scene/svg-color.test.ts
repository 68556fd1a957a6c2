import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseColor } from '../../src/scene/svg-color.ts';

const byte = fc.integer({ min: 0, max: 255 });
const hex2 = (n: number) => n.toString(16).padStart(2, '0');

test('#rrggbb, #rgb, rgb() and rgb(%) agree and give exact n/255 channels', () => {
  fc.assert(
    fc.property(byte, byte, byte, (r, g, b) => {
      const want = { r: r / 255, g: g / 255, b: b / 255, a: 1 };
      assert.deepEqual(parseColor(`#${hex2(r)}${hex2(g)}${hex2(b)}`), want);
      assert.deepEqual(parseColor(`#${hex2(r)}${hex2(g)}${hex2(b)}`.toUpperCase()), want);
      assert.deepEqual(parseColor(`rgb(${r}, ${g}, ${b})`), want);
      assert.deepEqual(parseColor(`rgb(${r} ${g} ${b})`), want);
      const pct = parseColor(`rgb(${(r / 255) * 100}%, ${(g / 255) * 100}%, ${(b / 255) * 100}%)`)!;
      for (const k of ['r', 'g', 'b'] as const) assert.ok(Math.abs(pct[k] - want[k]) < 1e-12);
    }),
  );
});

test('alpha forms: #rrggbbaa, #rgba, rgba(), / alpha, percentages', () => {
  fc.assert(
    fc.property(byte, byte, byte, byte, (r, g, b, a) => {
      assert.deepEqual(parseColor(`#${hex2(r)}${hex2(g)}${hex2(b)}${hex2(a)}`), { r: r / 255, g: g / 255, b: b / 255, a: a / 255 });
    }),
  );
  assert.deepEqual(parseColor('#f008'), { r: 1, g: 0, b: 0, a: 0x88 / 255 });
  assert.deepEqual(parseColor('rgba(255, 0, 0, 0.25)'), { r: 1, g: 0, b: 0, a: 0.25 });
  assert.deepEqual(parseColor('rgb(255 0 0 / 50%)'), { r: 1, g: 0, b: 0, a: 0.5 });
  assert.deepEqual(parseColor('transparent'), { r: 0, g: 0, b: 0, a: 0 });
});

test('named colours and the ICC fallback form', () => {
  assert.deepEqual(parseColor('CornflowerBlue'), { r: 100 / 255, g: 149 / 255, b: 237 / 255, a: 1 });
  assert.deepEqual(parseColor('rebeccapurple'), { r: 102 / 255, g: 51 / 255, b: 153 / 255, a: 1 });
  assert.deepEqual(parseColor('#CD853F icc-color(acmecmyk, 0.11, 0.48, 0.83, 0.00)'), { r: 0xcd / 255, g: 0x85 / 255, b: 0x3f / 255, a: 1 });
});

test('hsl() matches the CSS specification examples and named equivalents', () => {
  const near = (a: ReturnType<typeof parseColor>, b: ReturnType<typeof parseColor>) => {
    assert.ok(a && b);
    for (const k of ['r', 'g', 'b', 'a'] as const) assert.ok(Math.abs(a[k] - b[k]) < 0.5 / 255, `${k}: ${a[k]} vs ${b[k]}`);
  };
  near(parseColor('hsl(0, 100%, 50%)'), parseColor('red'));
  near(parseColor('hsl(120deg 100% 25%)'), parseColor('green'));
  near(parseColor('hsl(240, 100%, 50%)'), parseColor('blue'));
  near(parseColor('hsl(0.5turn, 100%, 50%)'), parseColor('cyan'));
  near(parseColor('hsla(300, 100%, 50%, 0.5)'), { r: 1, g: 0, b: 1, a: 0.5 });
  near(parseColor('hsl(0, 0%, 100%)'), parseColor('white'));
  // Property: grey for any hue when saturation is 0.
  fc.assert(
    fc.property(fc.integer({ min: -720, max: 720 }), fc.integer({ min: 0, max: 100 }), (h, l) => {
      const c = parseColor(`hsl(${h}, 0%, ${l}%)`)!;
      assert.ok(Math.abs(c.r - l / 100) < 1e-12 && Math.abs(c.g - l / 100) < 1e-12 && Math.abs(c.b - l / 100) < 1e-12);
    }),
  );
});

test('non-colours are refused', () => {
  for (const s of [
    '',
    '#12',
    '#12345',
    '#ggg',
    'rgb(1,2)',
    'rgb(a,b,c)',
    'notacolour',
    'hsl(10, 20, 30)',
    'rgb(NaN, 0, 0)',
    'rgb(0, 50%, 0)',
    'rgba(0, 50%, 0, 0.5)',
  ]) {
    assert.equal(parseColor(s), null, s);
  }
});
