import assert from 'node:assert/strict';
import type { Scene } from '../../src/scene/scene.ts';

/** Same groups in the same order, exact colours and fill rules, every control point within tol px. */
export function assertScenesEqual(actual: Scene, expected: Scene, tol = 1e-3): void {
  assert.equal(actual.width, expected.width, 'canvas width');
  assert.equal(actual.height, expected.height, 'canvas height');
  assert.equal(actual.groups.length, expected.groups.length, 'group count');
  let worst = 0;
  expected.groups.forEach((eg, gi) => {
    const ag = actual.groups[gi]!;
    assert.deepEqual(ag.fill, eg.fill, `group ${gi} fill`);
    assert.equal(ag.fillRule, eg.fillRule, `group ${gi} fill rule`);
    assert.equal(ag.paths.length, eg.paths.length, `group ${gi} sub-path count`);
    eg.paths.forEach((ep, pi) => {
      const ap = ag.paths[pi]!;
      assert.equal(ap.points.length, ep.points.length, `group ${gi} sub-path ${pi} length`);
      for (let i = 0; i < ep.points.length; i++) worst = Math.max(worst, Math.abs(ap.points[i]! - ep.points[i]!));
    });
  });
  assert.ok(worst <= tol, `largest control-point difference ${worst} px exceeds ${tol} px`);
}
