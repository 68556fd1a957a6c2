import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRgbaImage, type RgbaImage } from '../../src/image/rgba-image.ts';
import type { Scene } from '../../src/scene/scene.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { openEditBrowserAsync, type EditBrowser } from '../support/edit-browser.ts';
import { blueCirclesScene } from '../support/edit-scenes.ts';
import { renderSvgWithResvg } from '../support/resvg-render.ts';
import { redness } from '../support/redness.ts';

// Issue 16's engine features with the shipped tiny CLIP in headless Chromium (SwiftShader):
// locks, continue, seeds and the image reference. Scenes are 64 px with few patches.

const render = (s: Scene): RgbaImage => renderSvgWithResvg(exportSvg(s), s.width);
const log = (what: string, v: unknown) => process.stderr.write(`# ${what}: ${JSON.stringify(v)}\n`);

/** A solid picture of one colour (the image reference). */
function solidImage(width: number, height: number, rgb: [number, number, number]): RgbaImage {
  const img = createRgbaImage(width, height);
  for (let i = 0; i < img.data.length; i += 4) img.data.set([...rgb, 255], i);
  return img;
}

const sameGroup = (a: Scene['groups'][number], b: Scene['groups'][number]) =>
  (['r', 'g', 'b', 'a'] as const).every((k) => Object.is(a.fill[k], b.fill[k])) &&
  a.paths.length === b.paths.length &&
  a.paths.every((p, i) => p.points.length === b.paths[i]!.points.length && p.points.every((v, k) => Object.is(v, b.paths[i]!.points[k])));

function maxPointDiff(a: Scene, b: Scene): number {
  let m = 0;
  a.groups.forEach((g, gi) => g.paths.forEach((p, pi) => p.points.forEach((v, k) => (m = Math.max(m, Math.abs(v - b.groups[gi]!.paths[pi]!.points[k]!))))));
  return m;
}

describe('variations, locks, continue and image references (trained tiny CLIP)', () => {
  let b: EditBrowser;
  before(async () => {
    b = await openEditBrowserAsync();
  });
  after(async () => b?.closeAsync());

  test('a frozen group keeps every parameter bit for bit while the others move (full mode)', async () => {
    const scene = blueCirclesScene();
    const { result } = await b.editAsync(scene, { prompt: 'a red circle', frozenGroups: [1], iterations: 3, patches: 2, seed: 1, colorLr: 0.05, shapeLr: 0.5 });
    assert.deepEqual(result.warnings, []);
    assert.ok(sameGroup(result.scene.groups[1]!, scene.groups[1]!), 'the locked group changed');
    assert.ok(!sameGroup(result.scene.groups[0]!, scene.groups[0]!), 'an unlocked group did not move');
    await assert.rejects(b.editAsync(scene, { prompt: 'x', frozenGroups: [3], iterations: 1 }), /frozen group 3 is not a group of this scene/);
  });

  test('continue: 2 + 1 iterations from the checkpoint follow the 3-iteration run (Adam state kept)', async () => {
    const scene = blueCirclesScene();
    const options = { prompt: 'a red circle', patches: 2, seed: 5, colorLr: 0.03, shapeLr: 0.3 };
    const { result: whole } = await b.editAsync(scene, { ...options, iterations: 3 });
    const { result: first } = await b.editAsync(scene, { ...options, iterations: 2 });
    const rest = await b.continueAsync(first.checkpoint, 1);
    assert.equal(rest.iterations, 1);
    assert.equal(rest.checkpoint.iterations, 3);
    assert.equal(rest.checkpoint.adam.step, 3);
    // The rasteriser's backward accumulates with float atomics, so two identical runs agree
    // to about 1e-5, not bit for bit. Starting over from the 2-iteration result (fresh Adam,
    // the new render as reference) lands far further away: that is what continue avoids.
    const { result: restart } = await b.editAsync(first.scene, { ...options, iterations: 1 });
    const drift = maxPointDiff(rest.scene, whole.scene);
    const restartDrift = maxPointDiff(restart.scene, whole.scene);
    log('continue', { drift, restartDrift, losses: [...first.losses, ...rest.losses], whole: whole.losses });
    assert.ok(drift < 0.01 && drift < restartDrift / 10, `continued run is ${drift} px from the whole run (restart: ${restartDrift} px)`);
    assert.ok(Math.abs(rest.losses[0]! - whole.losses[2]!) < 1e-3 * Math.abs(whole.losses[2]!), `loss ${rest.losses[0]} vs ${whole.losses[2]}`);
  });

  test('variations: two seeds give two different results, each the same as a single run with that seed', async () => {
    const scene = blueCirclesScene();
    const options = { prompt: 'a red circle', iterations: 2, patches: 2, colorLr: 0.03, shapeLr: 0.3 };
    const vs = await b.variationsAsync(scene, options, [1, 2]);
    assert.deepEqual(
      vs.map((v) => [v.index, v.seed]),
      [
        [0, 1],
        [1, 2],
      ],
    );
    assert.notDeepEqual(vs[0]!.result.scene, vs[1]!.result.scene);
    // Seed 2 as a single run lands where variation 2 did (within float-atomic noise), far from seed 1.
    const { result: single } = await b.editAsync(scene, { ...options, seed: 2 });
    const same = maxPointDiff(vs[1]!.result.scene, single.scene);
    const apart = maxPointDiff(vs[0]!.result.scene, vs[1]!.result.scene);
    log('variations', { same, apart });
    assert.ok(same < apart / 10, `seed 2 twice: ${same} px apart; seeds 1 and 2: ${apart} px`);
    await assert.rejects(b.variationsAsync(scene, options, [1, 1]), /seeds repeat/);
  });

  test('an image reference alone (no prompt): a red picture turns blue circles red in colour mode', async () => {
    const scene = blueCirclesScene();
    const { result } = await b.editAsync(scene, {
      prompt: '',
      referenceImage: solidImage(40, 30, [220, 20, 20]),
      mode: 'color',
      iterations: 8,
      patches: 2,
      seed: 1,
      colorLr: 0.05,
    });
    const before = redness(render(scene));
    const afterR = redness(render(result.scene));
    log('reference red', { before, after: afterR, lossFirst: result.losses[0], lossLast: result.losses.at(-1) });
    assert.ok(afterR > before + 0.1, `redness ${before.toFixed(3)} -> ${afterR.toFixed(3)}`);
  });
});
