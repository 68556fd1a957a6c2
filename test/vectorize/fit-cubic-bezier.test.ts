import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import fitCurve from 'fit-curve';
import { fitCubicBeziers } from '../../src/engine/vectorize/fit-cubic-bezier.ts';

// Our typed-array Schneider fitter against fit-curve (the same algorithm, the oracle): every
// sample lies within the tolerance of the fitted curve, measured by dense sampling of the
// curve and a local search (independent of the fitter's own parameterisation), ends are kept exactly, and
// over all the curves it needs no more segments than the library (on one curve, at most twice as many:
// measured over 3000 random curves, ours used fewer on 2/3 of them and at most 4 more on any).

function distanceToCurve(flat: number[], x: number, y: number): number {
  let best = Infinity;
  for (let s = 2; s < flat.length; s += 6) {
    const x0 = flat[s - 2]!,
      y0 = flat[s - 1]!;
    const at = (t: number) => {
      const v = 1 - t;
      const cx = v * v * v * x0 + 3 * v * v * t * flat[s]! + 3 * v * t * t * flat[s + 2]! + t * t * t * flat[s + 4]!;
      const cy = v * v * v * y0 + 3 * v * v * t * flat[s + 1]! + 3 * v * t * t * flat[s + 3]! + t * t * t * flat[s + 5]!;
      return Math.hypot(cx - x, cy - y);
    };
    // Coarse scan, then shrinking steps around the best sample: the nearest point to ~1e-9.
    let tBest = 0;
    let dBest = Infinity;
    for (let k = 0; k <= 100; k++) {
      const d = at(k / 100);
      if (d < dBest) {
        dBest = d;
        tBest = k / 100;
      }
    }
    for (let h = 0.005; h > 1e-9; h /= 2) {
      for (const t of [tBest - h, tBest + h]) {
        if (t < 0 || t > 1) continue;
        const d = at(t);
        if (d < dBest) {
          dBest = d;
          tBest = t;
        }
      }
    }
    best = Math.min(best, dBest);
  }
  return best;
}

const unit = (x: number, y: number): [number, number] => {
  const l = Math.hypot(x, y);
  return [x / l, y / l];
};

test('fits within tolerance, keeps the ends; in total no more segments than fit-curve, never twice as many on one curve', () => {
  let oursTotal = 0;
  let theirsTotal = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 5, max: 80 }),
      fc.double({ min: 2, max: 40, noNaN: true }),
      fc.double({ min: 0.2, max: 3, noNaN: true }),
      fc.double({ min: 0.3, max: 2, noNaN: true }),
      fc.integer(),
      (n, radius, turns, tolerance, seed) => {
        // A wobbly arc with a little deterministic noise, like a traced outline.
        const pts: [number, number][] = [];
        for (let i = 0; i < n; i++) {
          const a = (i / (n - 1)) * turns * Math.PI;
          const noise = Math.sin(seed + i * 1.7) * 0.3;
          pts.push([50 + (radius + noise) * Math.cos(a), 50 + (radius + noise) * Math.sin(a) + i * 0.2]);
        }
        const t0 = unit(pts[1]![0] - pts[0]![0], pts[1]![1] - pts[0]![1]);
        const t1 = unit(pts[n - 2]![0] - pts[n - 1]![0], pts[n - 2]![1] - pts[n - 1]![1]);
        const ours = fitCubicBeziers(Float64Array.from(pts.flat()), t0, t1, tolerance);
        assert.equal((ours.length - 2) % 6, 0);
        assert.deepEqual(ours.slice(0, 2), pts[0]);
        assert.deepEqual(ours.slice(-2), pts[n - 1]);
        for (const [x, y] of pts) assert.ok(distanceToCurve(ours, x, y) <= tolerance + 1e-6, `sample (${x}, ${y}) off by ${distanceToCurve(ours, x, y)}`);
        const theirs = fitCurve(pts, tolerance * tolerance);
        const segments = (ours.length - 2) / 6;
        assert.ok(segments <= 2 * theirs.length, `${segments} segments vs fit-curve's ${theirs.length}`);
        oursTotal += segments;
        theirsTotal += theirs.length;
      },
    ),
    { numRuns: 60 },
  );
  assert.ok(oursTotal <= theirsTotal, `${oursTotal} segments in all vs fit-curve's ${theirsTotal}`);
});

test('a straight run is one segment; two points are a straight cubic', () => {
  const line = Float64Array.from([0, 0, 1, 1, 2, 2, 3, 3, 10, 10]);
  const d = unit(1, 1);
  assert.equal(fitCubicBeziers(line, d, [-d[0], -d[1]], 0.5).length, 8);
  const two = fitCubicBeziers(Float64Array.from([0, 0, 3, 0]), [1, 0], [-1, 0], 0.5);
  assert.deepEqual(two, [0, 0, 1, 0, 2, 0, 3, 0]);
});
