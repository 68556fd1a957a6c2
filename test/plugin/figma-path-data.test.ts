import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { figmaPathDataToSubPaths, invertAffine, multiplyAffine, subPathsToFigmaPathData, type Affine } from '../../src/scene/figma-path-data.ts';

function cubicAt(p: number[], i: number, t: number): [number, number] {
  const n = p.length / 2;
  const P = [0, 1, 2, 3].map((k) => [p[2 * ((i + k) % n)]!, p[2 * ((i + k) % n) + 1]!] as const);
  const u = 1 - t;
  const w = [u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t];
  return [w.reduce((s, wk, k) => s + wk * P[k]![0], 0), w.reduce((s, wk, k) => s + wk * P[k]![1], 0)];
}

test('Figma rectangle data (explicit return to start, then Z) becomes one closed 4-segment sub-path', () => {
  const [p, ...rest] = figmaPathDataToSubPaths('M 0 0 L 10 0 L 10 20 L 0 20 L 0 0 Z');
  assert.equal(rest.length, 0);
  assert.equal(p!.points.length, 4 * 6);
  // Each straight segment is a cubic whose points lie on the line, at its thirds.
  for (let s = 0; s < 4; s++) {
    for (const t of [0.25, 0.5, 0.75]) {
      const [x, y] = cubicAt(p!.points, 3 * s, t);
      const onEdge = Math.abs(y) < 1e-12 || Math.abs(x - 10) < 1e-12 || Math.abs(y - 20) < 1e-12 || Math.abs(x) < 1e-12;
      assert.ok(onEdge, `segment ${s} at t=${t} is off the rectangle: ${x},${y}`);
    }
  }
});

test('a quadratic is elevated exactly: the cubic traces the same curve', () => {
  const [p] = figmaPathDataToSubPaths('M 0 0 Q 50 100 100 0 Z');
  for (const t of [0.1, 0.5, 0.9]) {
    const qx = 2 * (1 - t) * t * 50 + t * t * 100;
    const qy = 2 * (1 - t) * t * 100;
    const [x, y] = cubicAt(p!.points, 0, t);
    assert.ok(Math.abs(x - qx) < 1e-9 && Math.abs(y - qy) < 1e-9, `t=${t}: ${x},${y} vs ${qx},${qy}`);
  }
});

test('an open sub-path is closed implicitly, as Figma fills it', () => {
  const [p] = figmaPathDataToSubPaths('M 0 0 L 10 0 L 10 10');
  assert.equal(p!.points.length / 6, 3, 'two drawn segments plus the closing one');
});

test('write then parse gives back the same control points; written data has no exponents', () => {
  const coord = fc.double({ min: -5000, max: 5000, noNaN: true });
  fc.assert(
    fc.property(
      fc.array(
        fc.array(coord, { minLength: 6, maxLength: 36 }).filter((a) => a.length % 6 === 0),
        { minLength: 1, maxLength: 4 },
      ),
      (arrays) => {
        const paths = arrays.map((points) => ({ points }));
        const data = subPathsToFigmaPathData(paths);
        assert.ok(!/e/i.test(data), data);
        const back = figmaPathDataToSubPaths(data);
        assert.equal(back.length, paths.length);
        back.forEach((b, i) => {
          assert.equal(b.points.length, paths[i]!.points.length);
          b.points.forEach((v, k) => assert.ok(Math.abs(v - paths[i]!.points[k]!) <= 1e-6, `${v} vs ${paths[i]!.points[k]}`));
        });
      },
    ),
    { numRuns: 200 },
  );
});

test('transforms compose and invert', () => {
  const a: Affine = [
    [0, -2, 5],
    [2, 0, 7],
  ];
  const id = multiplyAffine(a, invertAffine(a));
  const flat = [...id[0], ...id[1]];
  [1, 0, 0, 0, 1, 0].forEach((v, i) => assert.ok(Math.abs(flat[i]! - v) < 1e-12, `entry ${i}: ${flat[i]}`));
  const [p] = figmaPathDataToSubPaths('M 1 0 L 1 1 L 0 1 Z', a);
  assert.deepEqual(p!.points.slice(0, 2), [5, 9]); // (1,0) -> (0*1 - 2*0 + 5, 2*1 + 0 + 7)
});

test('garbage path data is refused with the offending command', () => {
  assert.throws(() => figmaPathDataToSubPaths('M 0 0 L NaN 3 Z'), /unusable|NaN/);
});
