import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import svgpath from 'svgpath';
import { maxScale, multiply, parseTransform, TransformSyntaxError, transformPointsInPlace } from '../../src/scene/svg-transform.ts';

// svgpath applies transform lists to path coordinates with its own code: an independent oracle.
const num = fc.double({ min: -50, max: 50, noNaN: true }).map((v) => Math.round(v * 100) / 100);
const nonZero = num.filter((v) => Math.abs(v) > 0.1);
const fn = fc.oneof(
  fc.tuple(num, num).map(([a, b]) => `translate(${a} ${b})`),
  num.map((a) => `translate(${a})`),
  fc.tuple(nonZero, nonZero).map(([a, b]) => `scale(${a / 10},${b / 10})`),
  num.map((a) => `rotate(${a})`),
  fc.tuple(num, num, num).map(([a, b, c]) => `rotate(${a}, ${b}, ${c})`),
  fc.integer({ min: -60, max: 60 }).map((a) => `skewX(${a})`),
  fc.integer({ min: -60, max: 60 }).map((a) => `skewY(${a})`),
  fc.tuple(num, num, num, num, num, num).map((v) => `matrix(${v.join(' ')})`),
);

test('parseTransform maps points like svgpath does, for random transform lists', () => {
  fc.assert(
    fc.property(fc.array(fn, { minLength: 1, maxLength: 4 }), num, num, (fns, x, y) => {
      const list = fns.join(' ');
      const pts = [x, y];
      transformPointsInPlace(parseTransform(list), pts);
      // svgpath evaluates transforms lazily, on serialisation.
      const [ox, oy] = svgpath(`M${x} ${y}`)
        .transform(list)
        .toString()
        .match(/[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/gi)!
        .map(Number);
      const tol = 1e-9 * (1 + Math.abs(ox!) + Math.abs(oy!));
      assert.ok(Math.abs(pts[0]! - ox!) <= tol && Math.abs(pts[1]! - oy!) <= tol, `${list}: ${pts} vs ${ox},${oy}`);
    }),
  );
});

test('a list is the product of its functions, and commas or spaces separate them', () => {
  const a = parseTransform('translate(10,20)');
  const b = parseTransform('scale(2)');
  assert.deepEqual(parseTransform('translate(10,20) scale(2)'), multiply(a, b));
  assert.deepEqual(parseTransform('translate(10,20),scale(2)'), multiply(a, b));
  assert.deepEqual(parseTransform('  '), [1, 0, 0, 1, 0, 0]);
});

test('unreadable transforms are errors that quote the text', () => {
  for (const t of ['translate(1 2 3)', 'rotate(1, 2)', 'skewX()', 'scale(NaN)', 'spin(4)', 'translate(1e999)', 'matrix(1 0 0 1 0)']) {
    assert.throws(() => parseTransform(t), TransformSyntaxError, t);
  }
});

test('maxScale bounds how far any unit vector is stretched, and is reached', () => {
  fc.assert(
    fc.property(fc.array(fn, { minLength: 1, maxLength: 3 }), (fns) => {
      const m = parseTransform(fns.join(' '));
      const s = maxScale(m);
      let best = 0;
      for (let k = 0; k < 720; k++) {
        const t = (k / 720) * Math.PI;
        const x = m[0] * Math.cos(t) + m[2] * Math.sin(t);
        const y = m[1] * Math.cos(t) + m[3] * Math.sin(t);
        const len = Math.hypot(x, y);
        assert.ok(len <= s * (1 + 1e-9) + 1e-12);
        best = Math.max(best, len);
      }
      assert.ok(best >= s * 0.9999, `${best} vs ${s}`);
    }),
  );
});
