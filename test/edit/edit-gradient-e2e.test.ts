import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { meanStopColour } from '../../src/scene/gradient-mean.ts';
import type { Gradient, Rgba, Scene } from '../../src/scene/scene.ts';
import { openEditBrowserAsync, type EditBrowser } from '../support/edit-browser.ts';
import { blueCirclesScene } from '../support/edit-scenes.ts';

// Gradient-filled groups through the whole edit (trained tiny CLIP, as edit-engine-e2e):
// the modes optimise the gradients' stops and geometry and the result keeps them.

/** Blue circles, the first with a linear gradient in its bounding box's units, the second radial. */
function gradientCircles(): Scene {
  const scene = blueCirclesScene();
  const stop = (offset: number, r: number, g: number, b: number) => ({ offset, color: { r, g, b, a: 1 } });
  scene.groups[0]!.gradient = {
    kind: 'linear',
    x1: 0,
    y1: 0,
    x2: 1,
    y2: 1,
    stops: [stop(0, 0.1, 0.2, 0.85), stop(0.6, 0.2, 0.5, 0.9), stop(1, 0.05, 0.1, 0.6)],
    spread: 'pad',
    transform: [26, 0, 0, 26, 7, 9],
  };
  scene.groups[1]!.gradient = {
    kind: 'radial',
    cx: 44,
    cy: 40,
    r: 15,
    fx: 40,
    fy: 36,
    fr: 0,
    stops: [stop(0, 0.6, 0.7, 1), stop(1, 0.1, 0.2, 0.7)],
    spread: 'pad',
    transform: [1, 0, 0, 1, 0, 0],
  };
  return scene;
}

const allPoints = (s: Scene) => s.groups.flatMap((g) => g.paths.flatMap((p) => p.points));
const stopValues = (g: Gradient) => g.stops.flatMap((s) => [s.offset, s.color.r, s.color.g, s.color.b, s.color.a]);
const geometry = (g: Gradient) => (g.kind === 'linear' ? [g.x1, g.y1, g.x2, g.y2] : [g.cx, g.cy, g.r, g.fx, g.fy, g.fr]);
const same = (a: number[], b: number[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('gradient paints in the edit loop (trained tiny CLIP)', () => {
  let b: EditBrowser;
  before(async () => {
    b = await openEditBrowserAsync();
  });
  after(async () => b?.closeAsync());

  test('colour mode: stops change (redder), geometry and coordinates bit for bit, gradients kept, fill = the stops’ mean', async () => {
    const scene = gradientCircles();
    const { result } = await b.editAsync(scene, { prompt: 'a red circle', mode: 'color', iterations: 12, patches: 4, seed: 3, colorLr: 0.05 });
    assert.deepEqual(result.warnings, []);
    assert.ok(same(allPoints(result.scene), allPoints(scene)), 'coordinates moved in colour mode');
    for (const gi of [0, 1]) {
      const before = scene.groups[gi]!.gradient!;
      const after = result.scene.groups[gi]!.gradient;
      assert.ok(after && after.kind === before.kind && after.stops.length === before.stops.length, `group ${gi} lost its gradient`);
      assert.ok(same(geometry(after), geometry(before)), `group ${gi}: geometry moved in colour mode`);
      assert.ok(!same(stopValues(after), stopValues(before)), `group ${gi}: no stop changed`);
      // The scene's one definition of a gradient group's fill (the SVG and Figma readers use it too).
      const meanR = meanStopColour(after.stops).r;
      assert.ok(Math.abs(result.scene.groups[gi]!.fill.r - meanR) < 1e-9, `group ${gi}: fill is not the stops' mean`);
      for (let k = 1; k < after.stops.length; k++) assert.ok(after.stops[k]!.offset >= after.stops[k - 1]!.offset, 'offsets out of order');
    }
    // The tiny CLIP's direction is noisy over few iterations (4 at seed 1 left the stops bluer);
    // test/raster/paint-webgpu.test.ts checks the direction on a synthetic loss.
    const red = (s: Scene) => [0, 1].reduce((a, gi) => a + s.groups[gi]!.gradient!.stops.reduce((x, st) => x + st.color.r - st.color.b, 0), 0);
    process.stderr.write(`# stops' red - blue: ${red(scene).toFixed(3)} -> ${red(result.scene).toFixed(3)}\n`);
    assert.ok(red(result.scene) > red(scene), `stops' red - blue ${red(scene).toFixed(3)} -> ${red(result.scene).toFixed(3)}`);
  });

  test('palette mode: every stop ends on the palette; shape mode: stops bit for bit, geometry may move; a locked group keeps its gradient', async () => {
    const palette: Rgba[] = [
      { r: 1, g: 0, b: 0, a: 1 },
      { r: 0.2, g: 0.8, b: 0.2, a: 1 },
      { r: 0, g: 0, b: 0.6, a: 1 },
    ];
    const scene = gradientCircles();
    const pal = await b.editAsync(scene, { prompt: 'a red circle', mode: 'palette', palette, iterations: 2, patches: 2, seed: 1, colorLr: 0.05 });
    for (const g of pal.result.scene.groups) {
      for (const s of g.gradient?.stops ?? [])
        assert.ok(
          palette.some((p) => p.r === s.color.r && p.g === s.color.g && p.b === s.color.b),
          `stop ${JSON.stringify(s.color)} is not a palette colour`,
        );
    }
    assert.ok(pal.result.scene.groups[0]!.gradient && pal.result.scene.groups[1]!.gradient, 'palette mode dropped a gradient');

    const shape = await b.editAsync(scene, { prompt: 'a red square', mode: 'shape', frozenGroups: [1], iterations: 3, patches: 2, seed: 1, shapeLr: 0.5 });
    assert.deepEqual(shape.result.warnings, []);
    const g0 = shape.result.scene.groups[0]!.gradient!;
    assert.ok(same(stopValues(g0), stopValues(scene.groups[0]!.gradient!)), 'stops changed in shape mode');
    assert.deepEqual(shape.result.scene.groups[0]!.fill, scene.groups[0]!.fill, 'fill changed in shape mode');
    assert.deepEqual(shape.result.scene.groups[1], scene.groups[1], 'the locked group changed');
  });

  test("continue: 2 + 1 colour-mode iterations from the checkpoint follow the 3-iteration run (the paints' Adam state kept)", async () => {
    const scene = gradientCircles();
    const options = { prompt: 'a red circle', mode: 'color' as const, patches: 2, seed: 5, colorLr: 0.05 };
    const { result: whole } = await b.editAsync(scene, { ...options, iterations: 3 });
    const { result: first } = await b.editAsync(scene, { ...options, iterations: 2 });
    assert.equal(first.checkpoint.adam.paintMoments?.length, 2 * (6 + 3 * 5 + 6 + 2 * 5), "the checkpoint holds the paints' moments");
    const rest = await b.continueAsync(first.checkpoint, 1);
    const { result: restart } = await b.editAsync(first.scene, { ...options, iterations: 1 });
    const stopDiff = (a: Scene, c: Scene) =>
      Math.max(...[0, 1].flatMap((gi) => stopValues(a.groups[gi]!.gradient!).map((v, k) => Math.abs(v - stopValues(c.groups[gi]!.gradient!)[k]!))));
    const drift = stopDiff(rest.scene, whole.scene);
    const restartDrift = stopDiff(restart.scene, whole.scene);
    process.stderr.write(`# continue: stop drift ${drift}, restart ${restartDrift}\n`);
    assert.ok(drift < 1e-3 && drift < restartDrift / 10, `continued run's stops are ${drift} from the whole run's (restart: ${restartDrift})`);
  });
});
