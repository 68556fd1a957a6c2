import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { importSvg } from '../../src/scene/svg-import.ts';
import type { Scene } from '../../src/scene/scene.ts';

const DATA = fileURLToPath(new URL('../../examples/', import.meta.url));

/** Largest coordinate difference; throws on any structural or colour difference. */
function compareScenes(a: Scene, b: Scene): number {
  assert.deepEqual([b.width, b.height], [a.width, a.height]);
  assert.equal(b.groups.length, a.groups.length);
  let worst = 0;
  a.groups.forEach((ga, i) => {
    const gb = b.groups[i]!;
    assert.deepEqual(gb.fill, ga.fill, `group ${i} colour`);
    assert.equal(gb.fillRule, ga.fillRule);
    assert.deepEqual(gb.source, ga.source);
    assert.equal(gb.paths.length, ga.paths.length);
    ga.paths.forEach((pa, j) => {
      const pb = gb.paths[j]!;
      assert.equal(pb.points.length, pa.points.length, `group ${i} sub-path ${j} segment count`);
      for (let k = 0; k < pa.points.length; k++) worst = Math.max(worst, Math.abs(pa.points[k]! - pb.points[k]!));
    });
  });
  return worst;
}

for (const name of ['athlete', 'pitt', 'horseriding', 'tajmahal']) {
  test(`import -> export -> import keeps ${name}.svg within 1e-3 px and exact colours`, () => {
    const first = importSvg(readFileSync(`${DATA}${name}.svg`, 'utf8'));
    const second = importSvg(exportSvg(first));
    assert.deepEqual(second.warnings, []);
    const worst = compareScenes(first, second);
    assert.ok(worst <= 1e-3, `max coordinate difference ${worst}`);
  });
}

test('a synthetic scene with arbitrary colours and coordinates survives the round trip', () => {
  const scene: Scene = { width: 64.5, height: 33, groups: [], rois: [], warnings: [] };
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let g = 0; g < 50; g++) {
    const paths = [];
    for (let p = 0; p < 1 + (g % 3); p++) paths.push({ points: Array.from({ length: 6 * (1 + (p % 4)) }, () => rnd() * 200 - 50) });
    const c = () => Math.round(rnd() * 255) / 255;
    scene.groups.push({
      fill: { r: c(), g: c(), b: c(), a: Math.round(rnd() * 1e6) / 1e6 },
      fillRule: g % 2 ? 'evenodd' : 'nonzero',
      paths,
      source: { kind: 'vectorize', ref: `round-${g % 2}`, name: `g "${g}" <&>` },
    });
  }
  const back = importSvg(exportSvg(scene));
  assert.ok(compareScenes(scene, back) <= 1e-4);
});
