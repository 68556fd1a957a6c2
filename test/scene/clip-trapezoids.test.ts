import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type ClipPolygonSet,
  clipRegionTrapezoids,
  clipSubPathsToTrapezoids,
  intersectConvexPolygons,
  isConvexPolygon,
} from '../../src/scene/clip-trapezoids.ts';

// The slab decomposition against a brute-force winding count: a point is inside the
// trapezoids exactly when it is inside the region under each set's fill rule.

const STAR = [100, 15, 150, 175, 20, 75, 180, 75, 50, 175];

function winding(poly: readonly number[], x: number, y: number): number {
  let w = 0;
  const n = poly.length / 2;
  for (let i = 0; i < n; i++) {
    const [ax, ay, bx, by] = [poly[i * 2]!, poly[i * 2 + 1]!, poly[((i + 1) % n) * 2]!, poly[((i + 1) % n) * 2 + 1]!];
    if (ay <= y !== by <= y) {
      const cx = ax + ((y - ay) * (bx - ax)) / (by - ay);
      if (cx > x) w += by > ay ? 1 : -1;
    }
  }
  return w;
}

function insideSets(sets: readonly ClipPolygonSet[], x: number, y: number): boolean {
  return sets.some((s) => {
    const w = s.polygons.reduce((acc, p) => acc + winding(p, x, y), 0);
    return s.rule === 'evenodd' ? (w & 1) !== 0 : w !== 0;
  });
}

function insideConvex(q: readonly number[], x: number, y: number): boolean {
  const n = q.length / 2;
  let sign = 0;
  for (let i = 0; i < n; i++) {
    const [ax, ay, bx, by] = [q[i * 2]!, q[i * 2 + 1]!, q[((i + 1) % n) * 2]!, q[((i + 1) % n) * 2 + 1]!];
    const c = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
    if (c === 0) continue;
    if (sign === 0) sign = Math.sign(c);
    else if (Math.sign(c) !== sign) return false;
  }
  return true;
}

function checkAgainstWinding(sets: ClipPolygonSet[]): void {
  const traps = clipRegionTrapezoids(sets);
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 200;
  for (let k = 0; k < 4000; k++) {
    const [x, y] = [rand(), rand()];
    const hits = traps.filter((t) => insideConvex(t, x, y)).length;
    assert.equal(hits > 0, insideSets(sets, x, y), `point ${x}, ${y}`);
    assert.ok(hits <= 1 || traps.some((t) => t.some((v, i) => Math.abs(v - (i % 2 ? y : x)) < 1e-9)), `point ${x}, ${y} in ${hits} pieces`);
  }
}

test('a self-crossing star: nonzero keeps the centre, evenodd leaves it out', () => {
  checkAgainstWinding([{ rule: 'nonzero', polygons: [STAR] }]);
  checkAgainstWinding([{ rule: 'evenodd', polygons: [STAR] }]);
});

test('a union of sets with their own rules, holes and a reversed contour', () => {
  const square = [20, 20, 120, 20, 120, 120, 20, 120];
  const hole = [50, 50, 50, 90, 90, 90, 90, 50];
  const tri = [100, 100, 190, 110, 110, 190];
  checkAgainstWinding([
    { rule: 'evenodd', polygons: [square, [...hole].reverse()] },
    { rule: 'nonzero', polygons: [tri] },
  ]);
  assert.deepEqual(clipRegionTrapezoids([]), []);
});

test('shapes clipped to the trapezoids keep their area inside the region', () => {
  const traps = clipRegionTrapezoids([{ rule: 'nonzero', polygons: [[0, 0, 10, 0, 10, 10, 0, 10]] }]);
  // A 20x4 bar from x = -5: the part inside is 10 wide.
  const bar = { points: [-5, 3, 0, 3, 10, 3, 15, 3, 15, 5, 15, 7, 15, 7, 10, 7, 0, 7, -5, 7, -5, 5, -5, 3] };
  const pieces = clipSubPathsToTrapezoids([bar], traps);
  let area = 0;
  for (const p of pieces) {
    const pts = p.points;
    for (let i = 0; i < pts.length; i += 6) {
      const j = (i + 6) % pts.length;
      area += pts[i]! * pts[j + 1]! - pts[j]! * pts[i + 1]!;
    }
  }
  assert.ok(Math.abs(Math.abs(area / 2) - 40) < 1e-9, `area ${area / 2}`);
});

test('convexity: a square, a flattened circle and a triangle are convex; a star, a dent and a bow tie are not', () => {
  const circle = Array.from({ length: 64 }, (_, i) => [50 + 40 * Math.cos((i * Math.PI) / 32), 50 + 40 * Math.sin((i * Math.PI) / 32)]).flat();
  for (const p of [[0, 0, 10, 0, 10, 10, 0, 10, 0, 0], circle, [0, 0, 0, 10, 0, 10, 5, 5]]) assert.equal(isConvexPolygon(p), true);
  for (const p of [STAR, [0, 0, 10, 0, 5, 3, 10, 10, 0, 10], [0, 0, 10, 10, 10, 0, 0, 10], [0, 0, 10, 0]]) assert.equal(isConvexPolygon(p), false);
});

test('two convex polygons intersect in a convex polygon; disjoint ones in nothing', () => {
  const square = [0, 0, 10, 0, 10, 10, 0, 10];
  // |x - 5| + |y - 5| <= 7, listed clockwise (the square is counter-clockwise in y-down axes).
  const diamond = [-2, 5, 5, 12, 12, 5, 5, -2];
  const both = intersectConvexPolygons(square, diamond);
  let area = 0;
  for (let i = 0; i < both.length; i += 2) {
    const j = (i + 2) % both.length;
    area += both[i]! * both[j + 1]! - both[j]! * both[i + 1]!;
  }
  // The square less its four corner triangles outside the diamond (legs 3: 4.5 each).
  assert.ok(Math.abs(Math.abs(area / 2) - 82) < 1e-9, `area ${area / 2}`);
  assert.equal(intersectConvexPolygons(diamond, square).length, both.length);
  assert.deepEqual(intersectConvexPolygons(square, [20, 20, 30, 20, 30, 30]), []);
});
