import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadSceneFromImageFileAsync } from '../../src/engine/vectorize/load-scene-from-image-file.ts';
import { vectorizeImageAsync } from '../../src/engine/vectorize/vectorize-image.ts';
import { DEFAULT_ROUNDS } from '../../src/engine/vectorize/vectorize-options.ts';
import { exportSvg } from '../../src/scene/svg-export.ts';
import { imageTracerSvgNearShapeCount } from './support/imagetracer-svg.ts';
import { crackShares, svgFidelity } from './support/vector-fidelity.ts';

// Why rounds exist, on a real photo: after jittering every point (sigma 1 px), a single round
// opens cracks to the canvas that the coarse round underneath mostly hides. And the result
// is at least as faithful as imagetracerjs at a similar shape count.

const PHOTO = new URL('../data/photos/chelsea.png', import.meta.url);

test('multi-round beats single-round on the crack test and matches imagetracerjs at a similar shape count', async () => {
  const { scene, image } = await loadSceneFromImageFileAsync(readFileSync(PHOTO));
  const single = await vectorizeImageAsync(image, { rounds: [DEFAULT_ROUNDS.at(-1)!], overlap: 0 });
  const multiCracks = crackShares(scene);
  const singleCracks = crackShares(single);
  assert.equal(multiCracks.unjittered, 0, 'unjittered multi-round leaves no crack');
  assert.equal(singleCracks.unjittered, 0, 'unjittered single round leaves no crack');
  assert.ok(singleCracks.jittered > 0.01, `jitter opens cracks in one round: ${singleCracks.jittered}`);
  assert.ok(multiCracks.jittered < singleCracks.jittered / 4, `multi ${multiCracks.jittered} vs single ${singleCracks.jittered}`);

  const ours = svgFidelity(exportSvg(scene), image);
  const tracer = imageTracerSvgNearShapeCount(image, 30, scene.groups.length);
  // chelsea is 451x300, traced at its own size: the scene and the picture are the same pixels.
  assert.deepEqual([scene.width, scene.height], [image.width, image.height]);
  assert.ok(Math.abs(tracer.shapes - scene.groups.length) < 0.3 * scene.groups.length, `shape counts ${tracer.shapes} vs ${scene.groups.length}`);
  const theirs = svgFidelity(tracer.svg, image);
  assert.ok(ours.psnr >= theirs.psnr, `PSNR ours ${ours.psnr.toFixed(2)} vs imagetracerjs ${theirs.psnr.toFixed(2)}`);
});
